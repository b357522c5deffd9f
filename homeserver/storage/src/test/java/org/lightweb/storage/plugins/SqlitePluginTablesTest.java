package org.lightweb.storage.plugins;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class SqlitePluginTablesTest implements PluginTablesContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    @Override
    public TestStorage storage() { return storage; }
}
