package org.lightweb.storage;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

@EnabledIfEnvironmentVariable(named = "LIGHTWEB_TEST_PG_URL", matches = ".+")
class PostgresJdbcTest implements JdbcContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.postgres();

    @Override
    public TestStorage storage() { return storage; }
}
