package org.lightweb.plugin.backup;

import java.time.Duration;
import java.util.List;
import org.lightweb.plugin.PluginConfig;

/** The plugin's section of homeserver.yaml, {@code plugins.config.file-backup}. */
public record FileBackupSettings(long quotaBytes, long maxRepositories, List<String> partners, long partnerQuotaBytes,
        Duration deleteGrace, Duration replicationInterval, Duration retryMaxDelay, Duration challengeInterval,
        long challengeBlobs, long challengeMaxBytes, Duration recoveryClockSkew, String matchmakerBot, long groupQuotaBytes) {
    public static final long DEFAULT_QUOTA_BYTES = 10L * 1024 * 1024 * 1024;
    public static final long DEFAULT_PARTNER_QUOTA_BYTES = 50L * 1024 * 1024 * 1024;

    /** Reads and checks the section; unknown keys and wrong values are refused naming the key. */
    public static FileBackupSettings from(PluginConfig config) {
        config.allowOnly("quota_bytes", "max_repositories", "partners", "partner_quota_bytes", "delete_grace",
                "replication_interval", "retry_max_delay", "challenge_interval", "challenge_blobs", "challenge_max_bytes",
                "recovery_clock_skew", "matchmaker_bot", "group_quota_bytes");
        List<String> partners = config.strings("partners", List.of());
        for (String p : partners) {
            if (p.isBlank() || !p.matches("[A-Za-z0-9.:\\[\\]-]+"))
                throw new org.lightweb.plugin.PluginConfigException("key '" + config.full("partners") + "' has value '" + p
                        + "': expected server names such as nelson.example");
        }
        return new FileBackupSettings(
                config.integer("quota_bytes", DEFAULT_QUOTA_BYTES, 0, Long.MAX_VALUE),
                config.integer("max_repositories", 20, 1, 100_000),
                List.copyOf(new java.util.LinkedHashSet<>(partners)),
                config.integer("partner_quota_bytes", DEFAULT_PARTNER_QUOTA_BYTES, 0, Long.MAX_VALUE),
                config.duration("delete_grace", Duration.ofDays(7), Duration.ZERO, Duration.ofDays(3650)),
                config.duration("replication_interval", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofDays(1)),
                config.duration("retry_max_delay", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7)),
                config.duration("challenge_interval", Duration.ofHours(6), Duration.ofSeconds(1), Duration.ofDays(365)),
                config.integer("challenge_blobs", 3, 1, 1000),
                config.integer("challenge_max_bytes", 1024 * 1024, 1, 64L * 1024 * 1024),
                config.duration("recovery_clock_skew", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
                config.string("matchmaker_bot", "matchmaker"),
                config.integer("group_quota_bytes", DEFAULT_QUOTA_BYTES, 0, Long.MAX_VALUE));
    }
}
