package org.lightweb.storage.reports;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.storage.testing.TestStorage;

class SqliteReportRepositoryTest implements ReportRepositoryContract {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    @Override
    public TestStorage storage() { return storage; }
}
