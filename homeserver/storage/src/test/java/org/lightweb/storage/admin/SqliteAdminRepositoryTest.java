package org.lightweb.storage.admin;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class SqliteAdminRepositoryTest implements AdminRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    @Override
    public TestStorage storage() { return storage; }
}
