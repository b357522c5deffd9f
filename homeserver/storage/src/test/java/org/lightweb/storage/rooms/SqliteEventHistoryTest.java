package org.lightweb.storage.rooms;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class SqliteEventHistoryTest implements EventHistoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    @Override
    public TestStorage storage() { return storage; }
}
