package org.lightweb.storage.push;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class SqlitePusherRepositoryTest implements PusherRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    @Override
    public TestStorage storage() { return storage; }
}
