CREATE TABLE kit_test_sqlite_only (id INTEGER PRIMARY KEY);
