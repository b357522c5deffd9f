package org.lightweb.storage.admin;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

@EnabledIfEnvironmentVariable(named = "LIGHTWEB_TEST_PG_URL", matches = ".+")
class PostgresAdminRepositoryTest implements AdminRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.postgres();

    @Override
    public TestStorage storage() { return storage; }
}
