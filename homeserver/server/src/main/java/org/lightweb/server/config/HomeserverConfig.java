package org.lightweb.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.ServerName;
import org.lightweb.storage.DatabaseSettings;

/** homeserver.yaml, validated, with every default applied. Built only through {@link #load} or {@link #fromTree}. */
public record HomeserverConfig(
        Path source,
        ServerName serverName,
        String publicBaseUrl,
        Path dataDir,
        Path signingKeyPath,
        Listener client,
        Listener federation,
        Tls federationTls,
        Duration shutdownTimeout,
        int eventLoops,
        DatabaseSettings database,
        Registration registration,
        Passwords passwords,
        Duration refreshableTokenLifetime,
        long tokenCacheEntries,
        Turn turn,
        RateLimits rateLimits,
        Rooms rooms,
        Federation federationClient,
        Media media,
        Optional<Email> email,
        Limits limits,
        Ephemeral ephemeral,
        String wellKnownServer,
        String logLevel,
        Push push,
        SlidingSync slidingSync,
        History history,
        Relations relations,
        Search search,
        Pushers pushers,
        Reports reports,
        E2ee e2ee,
        FederationReceive federationReceive,
        FederationSending federationSending,
        org.lightweb.server.plugins.PluginsSettings plugins,
        AppserviceSettings appservices,
        AdminBot adminBot,
        AdminApi adminApi,
        Metrics metrics,
        String logFormat,
        HttpLimits httpLimits,
        Invites invites,
        Cluster cluster) {

    /** Section cluster: the processes serving one node (docs/scaling.md). */
    public record Cluster(boolean enabled, String name, String bind, int port, List<String> members,
                          Duration leaderCheckInterval) {}

    /** Section invites: servers whose users may not invite local users. */
    public record Invites(List<String> blockedServers) {}

    /** What a listener allows one client (section limits; see http/ConnectionLimits). */
    public record HttpLimits(int maxJsonDepth, int maxHeaderBytes, int maxUriBytes, int maxHeaders, Duration idleTimeout,
                             Duration bodyTimeout, int maxConnections) {}

    /** listeners.metrics: Prometheus metrics, health and readiness on their own port. */
    public record Metrics(boolean enabled, String bind, int port) {}

    /** Synapse's admin API subset (section admin_api): page sizes and how many room deletions are remembered. */
    public record AdminApi(int maxLimit, int deleteStatusesKept) {}

    /** Section admin_bot. */
    public record AdminBot(boolean enabled, Duration requestTimeout, Duration adminCache) {}

    /** Section appservices. */
    public record AppserviceSettings(List<Path> registrationFiles, int maxEventsPerTransaction, Duration retryInitialBackoff,
                                     Duration retryMaxBackoff, Duration requestTimeout) {}

    public record Listener(String bind, int port) {}

    /** TURN servers for VoIP (section turn). */
    public record Turn(List<String> uris, Optional<String> sharedSecret, Duration userLifetime, boolean allowGuests) {}

    /** TLS of the federation listener: self-signed, none, or PEM files. */
    public record Tls(String mode, Path cert, Path key) {
        public boolean enabled() { return !"none".equals(mode); }
    }

    public record Registration(boolean enabled, boolean requireToken, Optional<String> sharedSecret,
                               boolean allowGuests, Duration uiAuthSessionLifetime) {}

    public record Passwords(int minimumLength, int argon2MemoryKib, int argon2Iterations, int argon2Parallelism) {}

    public record Rate(double perSecond, int burstCount) {}

    public record RateLimits(boolean enabled, Rate registration, Rate login, Rate failedLogin, Rate threepidRequests,
                             Rate messages, Rate joins, Rate invites, Rate mediaUploads, Rate federationTransactions) {}

    public record Rooms(String defaultVersion, int stateSnapshotInterval, long stateCacheEntries, long eventCacheEntries,
                        long membershipCacheUsers, int changeCacheRooms, long recentEventsRooms, int recentEventsPerRoom,
                        String encryptionByDefault, int sendBatchMax) {}

    /** Push rule evaluation and notification listing limits (section push). */
    public record Push(int evaluationBatchSize, int maxRulesPerUser, long rulesCacheEntries, int notificationsMaxLimit,
                       long unreadCacheEntries, int writeBatchRows) {}

    /** Limits of reading room history (section history). */
    public record History(int maxLimit, int maxScannedEvents, long ignoredListsCacheEntries) {}

    /** Pushers and their delivery to push gateways (section pushers). */
    public record Pushers(int maxPerUser, boolean includeContent, Duration connectTimeout, Duration requestTimeout,
                          Duration retryInitialBackoff, Duration retryMaxBackoff, int maxAttempts, int batchSize,
                          int maxConcurrentRequests, boolean allowPrivateDestinations) {}

    /** Content reports (section reports). */
    public record Reports(int maxReasonLength, int adminMaxLimit, Rate rate) {}

    /** End-to-end encryption keys (section e2ee). */
    public record E2ee(int maxKeysPerUpload) {}

    /** Limits on what receiving events over federation fetches and serves (section federation_receive). */
    public record FederationReceive(int missingEventsLimit, int maxFetchedStateEvents, int backfillMaxLimit,
                                    int maxMissingEventsServed, Duration transactionRetention) {}
    /** The outbound federation queue and inbound EDUs (keys federation.retry_*, max_queued_per_destination, remote_typing_timeout). */
    public record FederationSending(Duration retryInitialBackoff, Duration retryMaxBackoff, int maxQueuedPerDestination,
                                    Duration remoteTypingTimeout) {}

    /** Limits of simplified sliding sync (section sliding_sync). */
    public record SlidingSync(int maxLists, int maxRanges, int maxRoomSubscriptions, int maxTimelineLimit,
                              long connectionCacheEntries, Duration connectionTtl) {}

    /** Limits of GET /relations and GET /threads (section relations). */
    public record Relations(int recursionDepth, int defaultLimit, int maxLimit) {}

    /** Limits of search, the user directory and space hierarchies (section search). */
    public record Search(int maxLimit, int maxContext, int maxScanned, int userDirectoryMaxLimit,
                         int hierarchyMaxLimit, int hierarchyMaxDepth) {}

    /** Outbound federation (transport, keys, discovery). */
    public record Federation(boolean verifyCertificates, boolean allowPrivateDestinations, Duration connectTimeout,
                             Duration requestTimeout, long maxResponseBytes, int maxConcurrentRequests,
                             int maxRequestsPerDestination, Duration keyValidityPeriod, Map<String, OldSigningKey> oldSigningKeys,
                             List<TrustedKeyServer> trustedKeyServers, Duration keyFetchRetryAfter, int keyCacheEntries, int notaryMaxServers,
                             WellKnownCache wellKnown, int discoveryCacheEntries, Duration profileCacheTtl,
                             int profileCacheEntries) {
        /** Defaults for tests that build one by hand. */
        public static Federation defaults(boolean verifyCertificates, boolean allowPrivateDestinations) {
            return new Federation(verifyCertificates, allowPrivateDestinations, Duration.ofSeconds(10), Duration.ofSeconds(60),
                    64L << 20, 256, 10, Duration.ofDays(1), Map.of(), List.of(), Duration.ofMinutes(1), 10_000, 100,
                    new WellKnownCache(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(48), Duration.ofHours(1),
                            50 * 1024), 10_000, Duration.ofMinutes(1), 10_000);
        }
    }

    /** A retired signing key, published in old_verify_keys. */
    public record OldSigningKey(String key, long expiredTs) {}

    /** A notary: its name and the keys its answers must be signed with (key id -> unpadded base64). */
    public record TrustedKeyServer(String serverName, Map<String, String> verifyKeys) {}

    /** How long /.well-known/matrix/server answers are kept. */
    public record WellKnownCache(Duration byDefault, Duration min, Duration max, Duration onError, long maxBytes) {}

    /** The media repository: where files go and the limits on them. */
    public record Media(Path path, long maxUploadBytes, long userQuotaBytes, Duration unusedExpiry, int maxPendingUploads,
                        boolean legacyUnauthenticatedFreeze, int maxThumbnailDimension, long maxImagePixels,
                        UrlPreviews urlPreviews, Duration retentionInterval, Optional<Duration> localMediaLifetime,
                        Duration remoteFetchTimeout, int remoteMaxRedirects, Optional<Duration> remoteMediaLifetime,
                        List<ThumbnailSize> thumbnailSizes, Duration maxUploadWait) {}

    /** A thumbnail made on upload (media.thumbnail_sizes). */
    public record ThumbnailSize(int width, int height, String method) {
        private static final java.util.regex.Pattern ONE = java.util.regex.Pattern.compile("(\\d{1,5})x(\\d{1,5}) (crop|scale)");

        /** Parses {@code "32x32 crop, 320x240 scale"}; empty: none. */
        public static List<ThumbnailSize> parseList(String value) {
            List<ThumbnailSize> out = new java.util.ArrayList<>();
            for (String part : value.split(",")) {
                String one = part.trim().replaceAll("\\s+", " ");
                if (one.isEmpty()) continue;
                var m = ONE.matcher(one);
                int w = m.matches() ? Integer.parseInt(m.group(1)) : 0;
                int h = m.matches() ? Integer.parseInt(m.group(2)) : 0;
                if (w < 1 || h < 1) {
                    throw new ConfigException(List.of("key 'media.thumbnail_sizes': '" + one
                            + "' is not WIDTHxHEIGHT crop|scale (e.g. 96x96 crop)"));
                }
                out.add(new ThumbnailSize(w, h, m.group(3)));
            }
            return List.copyOf(out);
        }
    }

    /** GET .../media/preview_url: whether it runs and the limits on what it fetches. */
    public record UrlPreviews(boolean enabled, boolean allowPrivateDestinations, long maxBytes, Duration timeout,
                              int maxRedirects, int cacheEntries, Duration cacheTtl) {}

    public record Email(String smtpHost, int smtpPort, Optional<String> user, Optional<String> password,
                        String security, String from, Duration validationTokenLifetime) {}

    public record Limits(long maxRequestBody, int maxDisplayNameLength, int maxAvatarUrlLength, int maxProfileBytes) {}

    /** What sync carries besides timelines: presence timings, typing and to-device limits. */
    public record Ephemeral(boolean presenceEnabled, Duration presenceIdleAfter, Duration presenceOfflineAfter,
                            Duration presenceActiveWindow, Duration typingMaxTimeout, int toDeviceMaxPerSync) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads and validates a config file; every problem is reported in one {@link ConfigException}. */
    public static HomeserverConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: create one with"
                    + " 'scripts/lightweb generate-config --server-name NAME --data-dir DIR > " + file + "'");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException("config file " + file + " is not valid YAML: " + msg);
        }
        return fromTree(root, file.toAbsolutePath());
    }

    /** Validates a config tree; relative paths are resolved against the directory of {@code source}. */
    public static HomeserverConfig fromTree(JsonNode root, Path source) {
        List<String> problems = ConfigValidator.validate(root);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Values v = new Values(root, source.toAbsolutePath().getParent());

        ServerName serverName = new ServerName(v.string("server_name"));
        Path dataDir = v.path("data_dir");
        Listener client = new Listener(v.string("listeners.client.bind"), v.integer("listeners.client.port"));
        Listener federation = new Listener(v.string("listeners.federation.bind"), v.integer("listeners.federation.port"));
        String baseUrl = v.optionalString("public_baseurl")
                .orElse("http://" + hostForUrl(client.bind()) + ":" + client.port() + "/");
        if (!baseUrl.endsWith("/")) baseUrl += "/";

        JsonNode tlsNode = v.raw("listeners.federation.tls");
        Tls tls = tlsNode.isObject()
                ? new Tls("files", v.resolve(tlsNode.get("cert").asText()), v.resolve(tlsNode.get("key").asText()))
                : new Tls(tlsNode.asText(), dataDir.resolve("federation-tls.crt"), dataDir.resolve("federation-tls.key"));

        DatabaseSettings.Type dbType = v.string("database.type").equals("postgres")
                ? DatabaseSettings.Type.POSTGRES : DatabaseSettings.Type.SQLITE;
        if (dbType == DatabaseSettings.Type.POSTGRES && v.optionalString("database.url").isEmpty()) {
            throw new ConfigException("key 'database.url' is missing: expected a PostgreSQL JDBC URL when database.type"
                    + " is postgres, e.g. jdbc:postgresql://127.0.0.1:5432/lightweb");
        }
        DatabaseSettings database = new DatabaseSettings(dbType,
                v.optionalPath("database.path").orElse(dataDir.resolve("homeserver.db")),
                v.optionalString("database.url").orElse(null), v.optionalString("database.user").orElse(null),
                v.optionalString("database.password").orElse(null), v.optionalString("database.schema").orElse(null),
                v.integer("database.max_connections"), v.duration("database.busy_timeout").toMillis(),
                v.integer("database.sqlite_wal_checkpoint_pages"), v.integer("database.sqlite_writes_per_commit"));

        Registration registration = new Registration(v.bool("registration.enabled"),
                v.bool("registration.require_token"), v.optionalString("registration.shared_secret"),
                v.bool("registration.allow_guests"), v.duration("registration.ui_auth_session_lifetime"));
        Passwords passwords = new Passwords(v.integer("passwords.minimum_length"),
                (int) Math.max(8, v.size("passwords.argon2_memory") / 1024), v.integer("passwords.argon2_iterations"),
                v.integer("passwords.argon2_parallelism"));
        RateLimits rateLimits = new RateLimits(v.bool("rate_limits.enabled"), v.rate("rate_limits.registration"),
                v.rate("rate_limits.login"), v.rate("rate_limits.failed_login"), v.rate("rate_limits.threepid_requests"),
                v.rate("rate_limits.messages"), v.rate("rate_limits.joins"), v.rate("rate_limits.invites"),
                v.rate("rate_limits.media_uploads"), v.rate("rate_limits.federation_transactions"));
        Optional<Email> email = v.optionalString("email.smtp_host").map(host -> new Email(host,
                v.integer("email.smtp_port"), v.optionalString("email.smtp_user"), v.optionalString("email.smtp_password"),
                v.string("email.security"),
                v.optionalString("email.from").orElse("Lightweb <noreply@" + serverName.host() + ">"),
                v.duration("email.validation_token_lifetime")));
        Limits limits = new Limits(v.size("limits.max_request_body"), v.integer("limits.max_display_name_length"),
                v.integer("limits.max_avatar_url_length"), v.integer("limits.max_profile_bytes"));

        return new HomeserverConfig(source, serverName, baseUrl, dataDir,
                v.optionalPath("signing_key_path").orElse(dataDir.resolve("signing.key")),
                client, federation, tls, v.duration("listeners.shutdown_timeout"), v.integer("listeners.event_loops"),
                database, registration, passwords,
                v.duration("access_tokens.refreshable_lifetime"),
                v.integer("access_tokens.cache_entries"),
                new Turn(v.optionalString("turn.uris").map(u -> java.util.Arrays.stream(u.split(",")).map(String::trim)
                        .filter(x -> !x.isEmpty()).toList()).orElse(List.of()), v.optionalString("turn.shared_secret"),
                        v.duration("turn.user_lifetime"), v.bool("turn.allow_guests")),
                rateLimits,
                new Rooms(v.string("rooms.default_version"), v.integer("rooms.state_snapshot_interval"),
                        v.integer("rooms.state_cache_entries"), v.integer("rooms.event_cache_entries"),
                        v.integer("rooms.membership_cache_users"), v.integer("rooms.change_cache_rooms"),
                        v.integer("rooms.recent_events_rooms"), v.integer("rooms.recent_events_per_room"),
                        v.string("rooms.encryption_by_default"), v.integer("rooms.send_batch_max")),
                federation(v),
                new Media(v.optionalPath("media.path").orElse(dataDir.resolve("media")), v.size("media.max_upload_bytes"),
                        v.size("media.user_quota_bytes"), v.duration("media.unused_expiry"),
                        v.integer("media.max_pending_uploads"), v.bool("media.legacy_unauthenticated_freeze"),
                        v.integer("media.max_thumbnail_dimension"), v.integer("media.max_image_pixels"),
                        new UrlPreviews(v.bool("media.url_preview_enabled"),
                                v.bool("media.url_preview_allow_private_destinations"), v.size("media.url_preview_max_bytes"),
                                v.duration("media.url_preview_timeout"), v.integer("media.url_preview_max_redirects"),
                                v.integer("media.url_preview_cache_entries"), v.duration("media.url_preview_cache_ttl")),
                        v.duration("media.retention_interval"),
                        v.optionalString("media.local_media_lifetime").map(Durations::parse),
                        v.duration("media.remote_fetch_timeout"), v.integer("media.remote_max_redirects"),
                        v.optionalString("media.remote_media_lifetime").map(Durations::parse),
                        ThumbnailSize.parseList(v.optionalString("media.thumbnail_sizes").orElse("")),
                        v.duration("media.max_upload_wait")),
                email, limits,
                new Ephemeral(v.bool("presence.enabled"), v.duration("presence.idle_after"),
                        v.duration("presence.offline_after"), v.duration("presence.active_window"),
                        v.duration("typing.max_timeout"), v.integer("to_device.max_per_sync")),
                v.optionalString("well_known.server").orElse(serverName.host() + ":" + federation.port()),
                v.string("log.level"),
                new Push(v.integer("push.evaluation_batch_size"), v.integer("push.max_rules_per_user"),
                        v.integer("push.rules_cache_entries"), v.integer("push.notifications_max_limit"),
                        v.integer("push.unread_cache_entries"), v.integer("push.write_batch_rows")),
                new SlidingSync(v.integer("sliding_sync.max_lists"), v.integer("sliding_sync.max_ranges"),
                        v.integer("sliding_sync.max_room_subscriptions"), v.integer("sliding_sync.max_timeline_limit"),
                        v.integer("sliding_sync.connection_cache_entries"), v.duration("sliding_sync.connection_ttl")),
                new History(v.integer("history.max_limit"), v.integer("history.max_scanned_events"),
                        v.integer("history.ignored_lists_cache_entries")),
                new Relations(v.integer("relations.recursion_depth"), v.integer("relations.default_limit"),
                        v.integer("relations.max_limit")),
                new Search(v.integer("search.max_limit"), v.integer("search.max_context"), v.integer("search.max_scanned"),
                        v.integer("search.user_directory_max_limit"), v.integer("search.hierarchy_max_limit"),
                        v.integer("search.hierarchy_max_depth")),
                new Pushers(v.integer("pushers.max_per_user"), v.bool("pushers.include_content"),
                        v.duration("pushers.connect_timeout"), v.duration("pushers.request_timeout"),
                        v.duration("pushers.retry_initial_backoff"), v.duration("pushers.retry_max_backoff"),
                        v.integer("pushers.max_attempts"), v.integer("pushers.batch_size"),
                        v.integer("pushers.max_concurrent_requests"), v.bool("pushers.allow_private_destinations")),
                new Reports(v.integer("reports.max_reason_length"), v.integer("reports.admin_max_limit"), v.rate("reports.rate")),
                new E2ee(v.integer("e2ee.max_keys_per_upload")),
                new FederationReceive(v.integer("federation_receive.missing_events_limit"),
                        v.integer("federation_receive.max_fetched_state_events"),
                        v.integer("federation_receive.backfill_max_limit"),
                        v.integer("federation_receive.max_missing_events_served"),
                        v.duration("federation_receive.transaction_retention")),
                new FederationSending(v.duration("federation.retry_initial_backoff"),
                        v.duration("federation.retry_max_backoff"), v.integer("federation.max_queued_per_destination"),
                        v.duration("federation.remote_typing_timeout")),
                plugins(v, dataDir), appservices(v),
                new AdminBot(v.bool("admin_bot.enabled"), v.duration("admin_bot.request_timeout"), v.duration("admin_bot.admin_cache")),
                new AdminApi(v.integer("admin_api.max_limit"), v.integer("admin_api.delete_statuses_kept")),
                new Metrics(v.bool("listeners.metrics.enabled"), v.string("listeners.metrics.bind"), v.integer("listeners.metrics.port")),
                v.string("log.format"),
                new HttpLimits(v.integer("limits.max_json_depth"), (int) Math.min(Integer.MAX_VALUE, v.size("limits.max_header_bytes")),
                        (int) Math.min(Integer.MAX_VALUE, v.size("limits.max_uri_bytes")), v.integer("limits.max_headers"),
                        v.duration("limits.idle_timeout"), v.duration("limits.body_timeout"), v.integer("limits.max_connections")),
                invites(v), cluster(v, serverName, dbType));
    }

    private static Cluster cluster(Values v, ServerName serverName, DatabaseSettings.Type dbType) {
        List<String> problems = new java.util.ArrayList<>();
        List<String> members = new java.util.ArrayList<>();
        JsonNode list = v.raw("cluster.members");
        for (int i = 0; list != null && i < list.size(); i++) {
            String m = list.get(i).asText("");
            if (!list.get(i).isTextual() || !m.matches("[^:\\s]+:\\d{1,5}")) {
                problems.add("key 'cluster.members[" + i + "]': expected HOST:PORT");
            } else {
                members.add(m);
            }
        }
        boolean enabled = v.bool("cluster.enabled");
        if (enabled && dbType != DatabaseSettings.Type.POSTGRES) {
            problems.add("key 'cluster.enabled': the processes of a cluster share one PostgreSQL database; set database.type"
                    + " to postgres (scripts/lightweb migrate-db moves an SQLite database)");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Cluster(enabled, v.optionalString("cluster.name").filter(n -> !n.isBlank()).orElse(serverName.value()), v.string("cluster.bind"),
                v.integer("cluster.port"), List.copyOf(members), v.duration("cluster.leader_check_interval"));
    }

    private static Invites invites(Values v) {
        List<String> servers = new java.util.ArrayList<>();
        JsonNode list = v.raw("invites.blocked_servers");
        for (int i = 0; list != null && i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).asText().isBlank())
                throw new ConfigException(List.of("key 'invites.blocked_servers[" + i + "]': expected a server name or glob"));
            servers.add(list.get(i).asText());
        }
        return new Invites(List.copyOf(servers));
    }

    private static AppserviceSettings appservices(Values v) {
        List<Path> files = new java.util.ArrayList<>();
        JsonNode list = v.raw("appservices.registration_files");
        List<String> problems = new java.util.ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i).isTextual() && !list.get(i).asText().isBlank()) files.add(v.resolve(list.get(i).asText()));
            else problems.add("key 'appservices.registration_files[" + i + "]': expected a file path");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new AppserviceSettings(List.copyOf(files), v.integer("appservices.max_events_per_transaction"),
                v.duration("appservices.retry_initial_backoff"), v.duration("appservices.retry_max_backoff"),
                v.duration("appservices.request_timeout"));
    }

    @SuppressWarnings("unchecked")
    private static org.lightweb.server.plugins.PluginsSettings plugins(Values v, Path dataDir) {
        Map<String, Map<String, Object>> sections = new java.util.LinkedHashMap<>();
        JsonNode all = v.raw("plugins.config");
        List<String> problems = new java.util.ArrayList<>();
        if (all != null) {
            all.fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) sections.put(e.getKey(), YAML.convertValue(e.getValue(), Map.class));
                else if (!e.getValue().isNull()) problems.add("key 'plugins.config." + e.getKey() + "': expected a map");
            });
        }
        if (!problems.isEmpty()) throw new ConfigException(String.join("; ", problems));
        return new org.lightweb.server.plugins.PluginsSettings(v.bool("plugins.enabled"),
                v.optionalPath("plugins.directory").orElse(dataDir.resolve("plugins")),
                v.optionalPath("plugins.data_directory").orElse(dataDir.resolve("plugin-data")),
                v.duration("plugins.start_timeout"), v.duration("plugins.hook_timeout"), v.duration("plugins.request_timeout"),
                v.size("plugins.max_request_body"), v.integer("plugins.threads_per_plugin"), v.integer("plugins.queue_size"),
                sections);
    }

    private static Federation federation(Values v) {
        List<String> problems = new java.util.ArrayList<>();
        Map<String, OldSigningKey> old = new java.util.LinkedHashMap<>();
        JsonNode oldNode = v.raw("federation.old_signing_keys");
        if (oldNode != null) {
            oldNode.fields().forEachRemaining(e -> {
                JsonNode k = e.getValue();
                if (!e.getKey().startsWith("ed25519:") || !k.path("key").isTextual() || !k.path("expired_ts").canConvertToLong()) {
                    problems.add("key 'federation.old_signing_keys." + e.getKey() + "': expected an ed25519:ID key with"
                            + " {key: BASE64, expired_ts: MILLISECONDS}");
                } else {
                    old.put(e.getKey(), new OldSigningKey(k.get("key").asText(), k.get("expired_ts").asLong()));
                }
            });
        }
        List<TrustedKeyServer> notaries = new java.util.ArrayList<>();
        JsonNode list = v.raw("federation.trusted_key_servers");
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode item = list.get(i);
            String name = item.path("server_name").asText("");
            JsonNode keys = item.path("verify_keys");
            if (!ServerName.isValid(name) || !keys.isObject() || keys.isEmpty()) {
                problems.add("key 'federation.trusted_key_servers[" + i + "]': expected {server_name: NAME,"
                        + " verify_keys: {ed25519:ID: BASE64}}");
                continue;
            }
            Map<String, String> verifyKeys = new java.util.LinkedHashMap<>();
            keys.fields().forEachRemaining(e -> verifyKeys.put(e.getKey(), e.getValue().asText()));
            notaries.add(new TrustedKeyServer(name, Map.copyOf(verifyKeys)));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Federation(v.bool("federation.verify_certificates"), v.bool("federation.allow_private_destinations"),
                v.duration("federation.connect_timeout"), v.duration("federation.request_timeout"),
                v.size("federation.max_response_bytes"), v.integer("federation.max_concurrent_requests"),
                v.integer("federation.max_requests_per_destination"), v.duration("federation.key_validity_period"),
                Map.copyOf(old), List.copyOf(notaries), v.duration("federation.key_fetch_retry_after"),
                v.integer("federation.key_cache_entries"), v.integer("federation.notary_max_servers"),
                new WellKnownCache(v.duration("federation.well_known_cache_default"),
                        v.duration("federation.well_known_cache_min"), v.duration("federation.well_known_cache_max"),
                        v.duration("federation.well_known_error_cache"), v.size("federation.well_known_max_bytes")),
                v.integer("federation.server_discovery_cache_entries"), v.duration("federation.profile_cache_ttl"),
                v.integer("federation.profile_cache_entries"));
    }

    private static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) return "localhost";
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    /** Typed reads of a validated tree, falling back to the schema's defaults. */
    private record Values(JsonNode root, Path baseDir) {
        JsonNode raw(String path) {
            Optional<JsonNode> n = ConfigValidator.at(root, path).filter(x -> !x.isNull());
            if (n.isPresent()) return n.get();
            ConfigSchema.Key key = (ConfigSchema.Key) ConfigSchema.find(path).orElseThrow();
            if (key.defaultValue() == null) return null;
            try {
                return YAML.readTree(key.defaultValue());
            } catch (IOException e) {
                throw new IllegalStateException("bad default for " + path, e);
            }
        }

        Optional<String> optionalString(String path) {
            JsonNode n = raw(path);
            return n == null ? Optional.empty() : Optional.of(n.asText());
        }

        String string(String path) { return optionalString(path).orElseThrow(); }

        int integer(String path) { return raw(path).asInt(); }

        boolean bool(String path) { return raw(path).asBoolean(); }

        long size(String path) {
            JsonNode n = raw(path);
            return n.isNumber() ? n.asLong() : ByteSize.parse(n.asText());
        }

        Duration duration(String path) { return Durations.parse(raw(path).asText()); }

        Rate rate(String path) {
            return new Rate(raw(path + ".per_second").asDouble(), raw(path + ".burst_count").asInt());
        }

        Path resolve(String p) { return baseDir.resolve(p).normalize(); }

        Path path(String path) { return resolve(string(path)); }

        Optional<Path> optionalPath(String path) { return optionalString(path).map(this::resolve); }
    }
}
