package org.lightweb.storage.push;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.Db;
import org.lightweb.storage.testing.TestStorage;

@EnabledIfEnvironmentVariable(named = "LIGHTWEB_TEST_PG_URL", matches = ".+")
class PostgresPushActionRepositoryTest implements PushActionRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.postgres();

    @Override
    public Db db() { return storage.db(); }

    @Override
    public PushActionRepository repo() { return new JooqPushActionRepository(storage.db()); }
}
