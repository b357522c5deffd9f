package org.lightweb.storage.federation;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class PostgresServerKeyRepositoryTest implements ServerKeyRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.postgres();

    @Override
    public TestStorage storage() { return storage; }
}
