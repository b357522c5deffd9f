package org.lightweb.plugin.backup;

import org.lightweb.plugin.PluginConfig;

/** The plugin's section of homeserver.yaml, {@code plugins.config.file-backup}. */
public record FileBackupSettings(long quotaBytes, long maxRepositories) {
    public static final long DEFAULT_QUOTA_BYTES = 10L * 1024 * 1024 * 1024;

    /** Reads and checks the section; unknown keys and wrong values are refused naming the key. */
    public static FileBackupSettings from(PluginConfig config) {
        config.allowOnly("quota_bytes", "max_repositories");
        return new FileBackupSettings(
                config.integer("quota_bytes", DEFAULT_QUOTA_BYTES, 0, Long.MAX_VALUE),
                config.integer("max_repositories", 20, 1, 100_000));
    }
}
