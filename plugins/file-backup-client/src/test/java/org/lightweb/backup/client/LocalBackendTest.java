package org.lightweb.backup.client;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalBackendTest extends BackendContract {
    @TempDir
    Path dir;

    @Override
    protected Backend backend() {
        return new LocalBackend(dir.resolve("repo"));
    }
}
