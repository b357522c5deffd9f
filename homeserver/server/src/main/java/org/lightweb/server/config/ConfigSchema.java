package org.lightweb.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key of homeserver.yaml, in file order, with its kind, default and documentation. The validator, the
 * generator ({@code generate-config}) and config/homeserver.example.yaml all come from this one list, so a key
 * cannot exist in one and be missing from another.
 */
public final class ConfigSchema {
    public enum Kind { STRING, SECRET, BOOL, INT, FLOAT, PORT, SIZE, DURATION, ENUM, SERVER_NAME, PATH, URL, TLS, MAP, LIST }

    /** A section heading: a map of keys. */
    public record Section(String path, String comment) implements Entry {}

    /**
     * One key.
     *
     * @param defaultValue the default as YAML text, or null when there is none (the key is optional or derived)
     * @param example      shown commented-out in the example when there is no default
     */
    public record Key(String path, Kind kind, String defaultValue, String example, String comment,
                      List<String> choices, long min, long max, boolean required) implements Entry {
        public String name() { return path.substring(path.lastIndexOf('.') + 1); }
    }

    public sealed interface Entry permits Section, Key {
        String path();
        String comment();
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();

    private static void section(String path, String comment) { ENTRIES.add(new Section(path, comment)); }

    private static void key(String path, Kind kind, String def, String comment) {
        ENTRIES.add(new Key(path, kind, def, null, comment, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false));
    }

    private static void optional(String path, Kind kind, String example, String comment) {
        ENTRIES.add(new Key(path, kind, null, example, comment, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false));
    }

    private static void required(String path, Kind kind, String example, String comment) {
        ENTRIES.add(new Key(path, kind, null, example, comment, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true));
    }

    private static void choice(String path, String def, String comment, String... choices) {
        ENTRIES.add(new Key(path, Kind.ENUM, def, null, comment, List.of(choices), 0, 0, false));
    }

    private static void integer(String path, String def, long min, long max, String comment) {
        ENTRIES.add(new Key(path, Kind.INT, def, null, comment, List.of(), min, max, false));
    }

    private static void rate(String path, String what, String perSecond, String burst) {
        section(path, what);
        key(path + ".per_second", Kind.FLOAT, perSecond, "Sustained rate allowed, in actions per second.");
        integer(path + ".burst_count", burst, 1, 1_000_000, "How many actions may come at once before the rate applies.");
    }

    static {
        required("server_name", Kind.SERVER_NAME, "kaslo.example",
                "The name of this server: the part after ':' in user ids (@alice:kaslo.example). It cannot be changed"
                        + " once users exist. A name with a port (localhost:8448) needs no DNS set-up.");
        optional("public_baseurl", Kind.URL, "https://matrix.kaslo.example/",
                "The URL clients reach the client API at; used in /.well-known/matrix/client and in links in emails."
                        + " Default: http://<listeners.client.bind>:<listeners.client.port>/");
        required("data_dir", Kind.PATH, "/var/lib/lightweb",
                "Where the node keeps its data (database, signing key, media). Relative paths in this file are"
                        + " relative to the directory of this file.");
        optional("signing_key_path", Kind.PATH, "/var/lib/lightweb/signing.key",
                "The server's Ed25519 signing key, created on first start. Default: <data_dir>/signing.key."
                        + " Keep it secret and back it up: other servers know this node by it.");

        section("listeners", "Where the node listens.");
        section("listeners.client", "The client-server API: Element, matrix-js-sdk, bots. Put a TLS reverse proxy in front.");
        key("listeners.client.bind", Kind.STRING, "127.0.0.1", "Address to bind; 0.0.0.0 (or ::) for every interface.");
        key("listeners.client.port", Kind.PORT, "8008", "TCP port.");
        section("listeners.federation", "The server-server API, for other homeservers.");
        key("listeners.federation.bind", Kind.STRING, "127.0.0.1", "Address to bind; 0.0.0.0 (or ::) for every interface.");
        key("listeners.federation.port", Kind.PORT, "8448", "TCP port.");
        key("listeners.federation.tls", Kind.TLS, "self_signed",
                "TLS on the federation port: self_signed (a certificate generated into data_dir), none (a reverse"
                        + " proxy terminates TLS), or {cert: PATH, key: PATH} with PEM files.");
        section("listeners.metrics", "Prometheus metrics (GET /metrics), with /health and /ready, on a listener of their own.");
        key("listeners.metrics.enabled", Kind.BOOL, "false", "Serve metrics. Keep the port away from the internet.");
        key("listeners.metrics.bind", Kind.STRING, "127.0.0.1", "Address to bind.");
        key("listeners.metrics.port", Kind.PORT, "9009", "TCP port.");
        key("listeners.shutdown_timeout", Kind.DURATION, "10s",
                "On SIGTERM, how long in-flight requests get to finish before the node stops anyway.");
        integer("listeners.event_loops", "0", 0, 256,
                "How many event loops (threads) answer requests on the client and on the federation listener; each"
                        + " new connection goes to the next one in turn. 0: one per CPU core the JVM may use.");

        section("database", "Where accounts, rooms and events are stored.");
        choice("database.type", "sqlite", "sqlite (embedded, nothing to install) or postgres (for bigger nodes).",
                "sqlite", "postgres");
        optional("database.path", Kind.PATH, "/var/lib/lightweb/homeserver.db",
                "The SQLite database file. Default: <data_dir>/homeserver.db.");
        optional("database.url", Kind.STRING, "jdbc:postgresql://127.0.0.1:5432/lightweb",
                "PostgreSQL JDBC URL (database.type: postgres).");
        optional("database.user", Kind.STRING, "lightweb", "PostgreSQL user.");
        optional("database.password", Kind.SECRET, "change-me", "PostgreSQL password.");
        optional("database.schema", Kind.STRING, "lightweb",
                "PostgreSQL schema to use, created if missing. Default: the user's default schema.");
        integer("database.max_connections", "4", 1, 200,
                "Connections in the pool (SQLite: readers, beside the one writer).");
        key("database.busy_timeout", Kind.DURATION, "5s",
                "How long to wait for a locked database or a free connection before failing a request.");
        integer("database.sqlite_wal_checkpoint_pages", Integer.toString(org.lightweb.storage.DatabaseSettings.WAL_CHECKPOINT_PAGES),
                100, 1_000_000, "SQLite: the write-ahead log's size in 4 KiB pages at which a write copies it into the"
                        + " database file (and the size the log shrinks back to). Larger: fewer, cheaper copies in busy"
                        + " rooms and a larger log file (10,000 pages: about 40 MB).");
        integer("database.sqlite_writes_per_commit", Integer.toString(org.lightweb.storage.DatabaseSettings.WRITES_PER_COMMIT),
                1, 1_000, "SQLite: how many write transactions queued while the one writer is busy it may commit"
                        + " together, each in its own savepoint (each still stored whole or not at all, and failing"
                        + " alone). A commit writes every page it changed once: fifty rooms' messages in one commit"
                        + " write their shared pages once. 1 commits each alone.");

        section("registration", "Who may create an account.");
        key("registration.enabled", Kind.BOOL, "true", "Whether /register accepts new accounts at all.");
        key("registration.require_token", Kind.BOOL, "true",
                "New accounts need a registration token (scripts/lightweb create-registration-token, or the admin"
                        + " API). Set to false to open registration to anyone.");
        optional("registration.shared_secret", Kind.SECRET, "a-long-random-string",
                "Enables /_synapse/admin/v1/register (Synapse's register_new_matrix_user works with it)."
                        + " Unset: disabled.");
        key("registration.allow_guests", Kind.BOOL, "false", "Whether guest accounts (kind=guest) may be created.");
        key("registration.ui_auth_session_lifetime", Kind.DURATION, "1d",
                "How long a user-interactive authentication session stays open.");

        section("passwords", "Password rules and hashing.");
        integer("passwords.minimum_length", "8", 0, 1024, "Shortest password accepted (M_WEAK_PASSWORD below it).");
        key("passwords.argon2_memory", Kind.SIZE, "19MiB", "Argon2id memory cost per hash.");
        integer("passwords.argon2_iterations", "2", 1, 100, "Argon2id passes.");
        integer("passwords.argon2_parallelism", "1", 1, 16, "Argon2id lanes.");

        section("access_tokens", "Sessions.");
        key("access_tokens.refreshable_lifetime", Kind.DURATION, "5m",
                "Lifetime of access tokens given to clients that asked for a refresh token."
                        + " Tokens without refresh token never expire.");
        integer("access_tokens.cache_entries", "100000", 0, 100_000_000,
                "How many access tokens' owners are kept in memory (every request looks its token up); 0 keeps"
                        + " none. Logging out, deleting a device or deactivating takes effect at once either way.");

        section("turn", "TURN servers for VoIP calls (GET /voip/turnServer), with the TURN REST API's shared secret"
                + " (coturn's use-auth-secret). Without uris clients get an empty answer and calls go peer to peer.");
        optional("turn.uris", Kind.STRING, "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349",
                "Comma-separated TURN URIs handed to clients.");
        optional("turn.shared_secret", Kind.SECRET, "change-me", "The secret shared with the TURN server.");
        key("turn.user_lifetime", Kind.DURATION, "1h", "How long the credentials handed out stay valid.");
        key("turn.allow_guests", Kind.BOOL, "true", "Whether guest accounts get TURN credentials.");

        section("rate_limits", "Protection against floods and password guessing (429 M_LIMIT_EXCEEDED).");
        key("rate_limits.enabled", Kind.BOOL, "true", "Switch every limit below on or off.");
        rate("rate_limits.registration", "Account registrations per client address.", "0.17", "3");
        rate("rate_limits.login", "Login attempts per client address.", "0.17", "3");
        rate("rate_limits.failed_login", "Failed logins per account.", "0.17", "3");
        rate("rate_limits.threepid_requests", "Validation emails per client address.", "0.05", "5");
        rate("rate_limits.messages", "Messages sent per user (PUT /rooms/{roomId}/send).", "0.2", "10");
        rate("rate_limits.joins", "Room joins per user.", "0.1", "10");
        rate("rate_limits.invites", "Invites sent per user.", "0.3", "10");
        rate("rate_limits.media_uploads", "Media uploads per user.", "1", "10");
        rate("rate_limits.federation_transactions", "Transactions (PUT /_matrix/federation/v1/send) per origin server.",
                "10", "50");

        section("rooms", "Rooms.");
        choice("rooms.default_version", "11", "Room version of new rooms (the spec advises 11 until 12 is widely deployed).",
                "10", "11", "12");
        integer("rooms.state_snapshot_interval", "100", 2, 10_000,
                "Room state is stored as deltas; every this many deltas a full snapshot is stored, so reading the"
                        + " state at any event reads at most this many deltas.");
        integer("rooms.state_cache_entries", "500000", 1000, 100_000_000,
                "How many state entries (summed over cached states) are kept in memory.");
        integer("rooms.event_cache_entries", "50000", 100, 100_000_000, "How many events are kept in memory.");
        integer("rooms.membership_cache_users", "50000", 0, 100_000_000,
                "How many users' room memberships are kept in memory (every sync reads them); 0 keeps none.");
        integer("rooms.change_cache_rooms", "100000", 0, 100_000_000,
                "How many rooms' latest event positions are kept in memory, so a sync finds the rooms with news"
                        + " without a query; 0 keeps none.");
        integer("rooms.recent_events_rooms", "2000", 0, 10_000_000,
                "How many recently active rooms keep their latest events in memory, so a woken sync reads its"
                        + " timeline without a query; 0 keeps none.");
        integer("rooms.recent_events_per_room", "20", 1, 1000, "How many of the latest events each of those rooms keeps.");
        integer("rooms.send_batch_max", "32", 1, 10_000,
                "A busy room's queued messages are built one on the other and stored in one transaction, up to this"
                        + " many at a time (state events always alone); 1 stores each message on its own.");
        choice("rooms.encryption_by_default", "invite",
                "Which new rooms get an m.room.encryption event (megolm) unless their creator's initial_state has one:"
                        + " invite (rooms made with the private_chat or trusted_private_chat preset), all, or off.",
                "invite", "all", "off");

        section("push", "Push rules, unread counts and /notifications.");
        integer("push.evaluation_batch_size", "500", 1, 100_000,
                "When an event arrives, the push rules of this many room members are evaluated per batch (one task on"
                        + " a worker thread); big rooms take several batches.");
        integer("push.write_batch_rows", "4096", 1, 1_000_000,
                "The push actions of events stored together (a busy room's queued messages) are written together,"
                        + " up to this many rows (one per notified member per event) per database write.");
        integer("push.max_rules_per_user", "1000", 1, 1_000_000,
                "How many push rules of their own a user may have (400 above it).");
        integer("push.rules_cache_entries", "10000", 100, 10_000_000,
                "How many users' push rulesets are kept in memory for evaluating events.");
        integer("push.notifications_max_limit", "500", 1, 10_000,
                "The most notifications one GET /notifications page lists, whatever limit the client asks for.");
        integer("push.unread_cache_entries", "100000", 0, 100_000_000,
                "How many (user, room) unread counts are kept in memory (every sync of a room reads them); 0 keeps none.");

        section("history", "Reading room history: /messages, /context, /timestamp_to_event.");
        integer("history.max_limit", "1000", 1, 100_000,
                "The most events one /messages or /context answer carries, whatever limit the client asks for.");
        integer("history.max_scanned_events", "5000", 10, 1_000_000,
                "How many events one /messages, /context or /timestamp_to_event request reads at most while looking for"
                        + " events the user may see and the filter lets through; /messages answers with fewer events and a"
                        + " token to continue from when it reaches this.");
        integer("history.ignored_lists_cache_entries", "10000", 10, 10_000_000,
                "How many users' ignored-user lists (m.ignored_user_list) are kept in memory for sync and history.");

        section("pushers", "Pushers (POST /pushers/set) and delivery of notifications to push gateways.");
        integer("pushers.max_per_user", "100", 1, 100_000,
                "How many pushers one user may have (400 M_INVALID_PARAM above it).");
        key("pushers.include_content", Kind.BOOL, "true",
                "Send the event's content to push gateways (unless a pusher asks for format event_id_only). False"
                        + " sends ids, counts and names only, so message text never leaves the server this way.");
        key("pushers.connect_timeout", Kind.DURATION, "10s", "How long connecting to a push gateway may take.");
        key("pushers.request_timeout", Kind.DURATION, "30s",
                "How long one notify request may take in all (connect, send, answer) before it counts as failed.");
        key("pushers.retry_initial_backoff", Kind.DURATION, "1s",
                "After a failed delivery (network error or 5xx), the first wait before trying again; each further"
                        + " failure doubles it up to retry_max_backoff.");
        key("pushers.retry_max_backoff", Kind.DURATION, "10m", "The longest wait between two delivery attempts.");
        integer("pushers.max_attempts", "10", 1, 1000,
                "Delivery attempts for one notification before it is given up on and the pusher moves to the next.");
        integer("pushers.batch_size", "50", 1, 10_000,
                "How many pending notifications of one pusher are read from the database at a time.");
        integer("pushers.max_concurrent_requests", "64", 1, 10_000,
                "Most notify requests in flight at once over the whole node (at most 5 per gateway host); the rest wait.");
        key("pushers.allow_private_destinations", Kind.BOOL, "false",
                "Let pushers send to gateways on loopback, private and link-local addresses. Any user chooses a"
                        + " pusher's url, so leave this off unless the gateway runs inside your network.");

        section("reports", "Reports of events, rooms and users (POST /rooms/{roomId}/report/{eventId} and friends), read by"
                + " server admins through /_synapse/admin/v1/event_reports.");
        integer("reports.max_reason_length", "1000", 0, 100_000,
                "Longest reason a report may give, in characters (400 M_INVALID_PARAM above it).");
        integer("reports.admin_max_limit", "1000", 1, 100_000,
                "The most reports one page of GET /_synapse/admin/v1/event_reports lists, whatever limit is asked for.");
        rate("reports.rate", "Reports per user.", "0.1", "10");

        section("admin_api", "Synapse's admin API subset (/_synapse/admin/...: users, rooms, media), for server admins"
                + " and tools such as synadm. docs/admin-api.md lists what is supported.");
        integer("admin_api.max_limit", "1000", 1, 100_000,
                "The most users or rooms one page of GET /_synapse/admin/v2/users or /v1/rooms lists, whatever limit is"
                        + " asked for.");
        integer("admin_api.delete_statuses_kept", "1000", 1, 1_000_000,
                "How many room deletions (DELETE /_synapse/admin/v2/rooms/{roomId}) keep their delete_status in memory;"
                        + " the oldest are forgotten first, and all are forgotten on restart.");

        section("e2ee", "End-to-end encryption keys (POST /keys/upload, /keys/query, /keys/claim, cross-signing).");
        integer("e2ee.max_keys_per_upload", "1000", 1, 100_000,
                "The most one-time and fallback keys one POST /keys/upload may carry (clients upload about 50 at a time).");

        section("presence", "Online, unavailable (idle) and offline status, shared with everyone a user shares a room with."
                + " The timings are Synapse's.");
        key("presence.enabled", Kind.BOOL, "true",
                "Track and share presence. When false, setting it does nothing, reading it answers offline and sync"
                        + " carries none.");
        key("presence.idle_after", Kind.DURATION, "5m",
                "An online user with no activity (sending, typing, receipts, setting presence, syncing with"
                        + " set_presence=online) for this long becomes unavailable.");
        key("presence.offline_after", Kind.DURATION, "30s",
                "A user with no sync in progress who has neither synced nor been active for this long becomes offline.");
        key("presence.active_window", Kind.DURATION, "1m",
                "An online user active within this window is currently_active; within it, activity is not announced"
                        + " again.");

        section("typing", "Typing notifications.");
        key("typing.max_timeout", Kind.DURATION, "2m",
                "Longest a typing notification lasts; clients asking for more get this (a client that sends none gets 30s).");

        section("to_device", "Send-to-device messages (end-to-end encryption keys, verification).");
        integer("to_device.max_per_sync", "100", 1, 10_000,
                "Most messages one sync answer carries to a device; the rest come with the next sync, which then"
                        + " answers at once (the spec recommends 100).");
        section("sliding_sync", "Simplified sliding sync (MSC4186): POST /_matrix/client/unstable/org.matrix.simplified_msc3575/sync.");
        integer("sliding_sync.max_lists", "100", 1, 10_000,
                "Most lists one request may define (400 M_BAD_JSON above it; the MSC's limit is 100).");
        integer("sliding_sync.max_ranges", "10", 1, 1000, "Most ranges one list may have (400 M_BAD_JSON above it).");
        integer("sliding_sync.max_room_subscriptions", "500", 1, 100_000,
                "Most room subscriptions one request may have (400 M_BAD_JSON above it).");
        integer("sliding_sync.max_timeline_limit", "100", 1, 10_000,
                "Most timeline events sent per room and response; a larger timeline_limit is lowered to it.");
        integer("sliding_sync.connection_cache_entries", "10000", 10, 10_000_000,
                "How many connections (user, device, conn_id) are remembered in memory; the least recently used are"
                        + " dropped, and their clients start again after 400 M_UNKNOWN_POS.");
        key("sliding_sync.connection_ttl", Kind.DURATION, "1h",
                "A connection not used for this long is forgotten (its next request gets 400 M_UNKNOWN_POS).");

        section("relations", "Event relationships: threads, edits, reactions, references (GET /relations, GET /threads).");
        integer("relations.recursion_depth", "3", 1, 10,
                "How many levels of children of children GET /relations?recurse=true follows (Synapse follows 3).");
        integer("relations.default_limit", "5", 1, 1000,
                "Events per GET /relations or GET /threads page when the client gives no limit (Synapse's default).");
        integer("relations.max_limit", "1000", 1, 10_000,
                "The most events one GET /relations or GET /threads page holds, whatever limit the client asks for.");

        section("search", "Server-side search of room events, the user directory and space hierarchies.");
        integer("search.max_limit", "100", 1, 1000,
                "Most results one POST /search page returns; a larger filter limit is lowered to it (default 10).");
        integer("search.max_context", "20", 0, 1000,
                "Most events before and after each search result (event_context); larger limits are lowered to it.");
        integer("search.max_scanned", "1000", 10, 1_000_000,
                "Most matches one search request reads while leaving out what the user may not see; past it the"
                        + " page ends early with a next_batch.");
        integer("search.user_directory_max_limit", "50", 1, 1000,
                "Most users one user directory search returns (the spec's default limit is 10).");
        integer("search.hierarchy_max_limit", "50", 1, 1000,
                "Most rooms one GET /hierarchy page returns; a larger limit is lowered to it.");
        integer("search.hierarchy_max_depth", "10", 1, 100,
                "Deepest a space hierarchy is walked, whatever max_depth asks.");

        section("federation", "Talking to other homeservers.");
        key("federation.verify_certificates", Kind.BOOL, "true",
                "Check other servers' TLS certificates. Only turn off on a closed test network.");
        key("federation.allow_private_destinations", Kind.BOOL, "false",
                "Allow federation to loopback and private addresses (what lets two test nodes on one machine"
                        + " federate). Keep false on the open internet.");
        key("federation.connect_timeout", Kind.DURATION, "10s", "Longest wait for a connection (and TLS) to another server.");
        key("federation.request_timeout", Kind.DURATION, "60s",
                "Longest one outbound federation request may take, from its start to the last byte of the answer.");
        key("federation.max_response_bytes", Kind.SIZE, "64MiB",
                "Largest answer read from another server; a larger one fails the request as unreachable.");
        integer("federation.max_concurrent_requests", "256", 1, 100_000,
                "Most outbound federation requests in flight at once; more wait for a free slot.");
        integer("federation.max_requests_per_destination", "10", 1, 10_000,
                "Most outbound requests in flight to one destination at once, so a slow server never takes every slot.");
        key("federation.key_validity_period", Kind.DURATION, "1d",
                "How long the signing key this node publishes at /_matrix/key/v2/server is valid (valid_until_ts is"
                        + " now plus this); other servers ask again after it.");
        optional("federation.old_signing_keys", Kind.MAP,
                "{\"ed25519:a_old1\": {key: \"l/O9hxMVKB6Lg+3Hqf0FQQZhVESQcMzbPN1Cz2nM3og\", expired_ts: 1700000000000}}",
                "Signing keys this node used before (key id -> {key: unpadded base64 public key, expired_ts:"
                        + " ms}), published as old_verify_keys so events signed with them still verify. Synapse's"
                        + " old_signing_keys shape.");
        key("federation.trusted_key_servers", Kind.LIST, "[]",
                "Notaries asked for another server's keys when that server cannot be reached directly: a list of"
                        + " {server_name: NAME, verify_keys: {KEY_ID: BASE64}}; their answers must carry a signature"
                        + " by one of these keys. Empty: keys come only from the servers themselves.");
        key("federation.key_fetch_retry_after", Kind.DURATION, "1m",
                "After fetching a server's keys failed, how long before it is tried again (requests needing them"
                        + " fail meanwhile).");
        integer("federation.key_cache_entries", "10000", 1, 10_000_000, "Servers whose keys are kept in memory.");
        integer("federation.notary_max_servers", "100", 1, 10_000,
                "Most servers one POST /_matrix/key/v2/query may ask this node (as a notary) about (400 above it).");
        key("federation.well_known_cache_default", Kind.DURATION, "24h",
                "How long a /.well-known/matrix/server answer without caching headers is kept.");
        key("federation.well_known_cache_min", Kind.DURATION, "5m",
                "Shortest a /.well-known/matrix/server answer is kept, whatever its Cache-Control says.");
        key("federation.well_known_cache_max", Kind.DURATION, "48h",
                "Longest a /.well-known/matrix/server answer is kept, whatever its Cache-Control says.");
        key("federation.well_known_error_cache", Kind.DURATION, "1h",
                "How long a failed or invalid /.well-known/matrix/server lookup (no delegation) is remembered.");
        key("federation.well_known_max_bytes", Kind.SIZE, "50KiB", "Largest /.well-known/matrix/server answer read.");
        integer("federation.server_discovery_cache_entries", "10000", 1, 10_000_000,
                "Server names whose discovery result (.well-known, SRV) is kept in memory.");

        key("federation.retry_initial_backoff", Kind.DURATION, "5s",
                "How long a destination that failed a transaction is left alone before the first retry; each further"
                        + " failure doubles the wait, up to federation.retry_max_backoff. Everything queued meanwhile is"
                        + " sent, in order, once it answers again.");
        key("federation.retry_max_backoff", Kind.DURATION, "15m", "The longest wait between two attempts to reach a failing destination.");
        integer("federation.max_queued_per_destination", "100000", 1, 100_000_000,
                "Most PDUs and EDUs kept queued for one destination. Beyond it the oldest are deleted (logged): the"
                        + " destination fetches missed events through the prev_events of later ones.");
        key("federation.remote_typing_timeout", Kind.DURATION, "60s",
                "How long a remote user's typing notification lasts unless their server renews or ends it (Synapse's"
                        + " value).");
        key("federation.profile_cache_ttl", Kind.DURATION, "1m",
                "How long a profile of another server's user (asked of that server) is reused before asking again.");
        integer("federation.profile_cache_entries", "10000", 0, 10_000_000,
                "How many profiles of other servers' users are kept in memory.");

        section("federation_receive", "Events received from other homeservers (PUT /send) and what they may read.");
        integer("federation_receive.missing_events_limit", "10", 1, 100,
                "Most events one POST /get_missing_events asks the sender for, to fill a gap before a received event"
                        + " (Synapse asks for 10).");
        integer("federation_receive.max_fetched_state_events", "5000", 10, 100_000,
                "Most unknown events fetched one by one (GET /event) to learn the state at an unknown point of a room"
                        + " (after GET /state_ids); beyond it the received event is refused.");
        integer("federation_receive.backfill_max_limit", "100", 1, 1000,
                "Most events one GET /backfill answers, whatever limit the other server asks for.");
        integer("federation_receive.max_missing_events_served", "20", 1, 1000,
                "Most events one POST /get_missing_events answers, whatever limit the other server asks for.");
        key("federation_receive.transaction_retention", Kind.DURATION, "24h",
                "How long the answer to a received transaction (PUT /send) is kept, so that a retry gets the same"
                        + " answer without the PDUs being processed again.");

        section("media", "Uploaded files.");
        optional("media.path", Kind.PATH, "/var/lib/lightweb/media", "Where uploads are stored. Default: <data_dir>/media.");
        key("media.max_upload_bytes", Kind.SIZE, "50MiB", "Largest upload accepted (413 M_TOO_LARGE above it).");
        key("media.user_quota_bytes", Kind.SIZE, "10GiB",
                "Most bytes one user may have uploaded in all (403 M_RESOURCE_LIMIT_EXCEEDED above it). Identical"
                        + " uploads count each time even though their bytes are stored once.");
        key("media.unused_expiry", Kind.DURATION, "24h",
                "How long an mxc:// URI from POST /_matrix/media/v1/create waits for its content (unused_expires_at).");
        integer("media.max_pending_uploads", "10", 1, 10_000,
                "Most created-but-not-yet-uploaded mxc:// URIs one user may hold (429 M_LIMIT_EXCEEDED above it).");
        key("media.legacy_unauthenticated_freeze", Kind.BOOL, "true",
                "Freeze the deprecated unauthenticated /_matrix/media/v3/download and /thumbnail endpoints (spec"
                        + " v1.11): media uploaded while this is true is served only by the authenticated"
                        + " /_matrix/client/v1/media endpoints (404 on the legacy ones); media uploaded while it was false"
                        + " stays reachable both ways. Like Synapse's enable_authenticated_media.");
        key("media.url_preview_enabled", Kind.BOOL, "false",
                "Answer GET /_matrix/client/v1/media/preview_url: the node fetches pages users link to (OpenGraph"
                        + " title, description, image). Off by default, as in Synapse: it makes the node fetch any URL.");
        key("media.url_preview_allow_private_destinations", Kind.BOOL, "false",
                "Let URL previews fetch loopback, private and link-local addresses (SSRF). Only for closed test networks.");
        key("media.url_preview_max_bytes", Kind.SIZE, "10MiB", "Largest page or image a URL preview downloads.");
        key("media.url_preview_timeout", Kind.DURATION, "10s", "Longest one URL preview fetch (with its redirects) may take.");
        integer("media.url_preview_max_redirects", "5", 0, 20, "Most redirects a URL preview follows.");
        integer("media.url_preview_cache_entries", "10000", 0, 10_000_000, "URL previews kept in memory.");
        key("media.url_preview_cache_ttl", Kind.DURATION, "1h", "How long a URL preview is reused.");
        key("media.retention_interval", Kind.DURATION, "1h",
                "How often the media retention job runs (expired created ids, and local media past its lifetime).");
        optional("media.local_media_lifetime", Kind.DURATION, "90d",
                "Delete local media nobody has downloaded (or, never downloaded, that was uploaded) for this long."
                        + " Unset: keep local media forever.");
        key("media.remote_fetch_timeout", Kind.DURATION, "60s",
                "Longest fetching another server's media (or thumbnail) over federation may take, redirect included;"
                        + " past it the download answers 504. Remote media is held to media.max_upload_bytes too.");
        integer("media.remote_max_redirects", "5", 0, 20,
                "Most redirects followed when another server answers a media download with a Location.");
        optional("media.remote_media_lifetime", Kind.DURATION, "30d",
                "Delete cached media of other servers (and its thumbnails) nobody has downloaded for this long; it is"
                        + " fetched again when asked for. Unset: keep the cache forever.");
        integer("media.max_thumbnail_dimension", "1600", 16, 10_000,
                "Largest thumbnail width or height generated; larger requests are lowered to it.");
        key("media.max_upload_wait", Kind.DURATION, "60s",
                "Longest a download or thumbnail request waits (its timeout_ms, default 20 s) for a created media ID"
                        + " to get its content before answering 504 M_NOT_YET_UPLOADED; 0 answers at once.");
        key("media.thumbnail_sizes", Kind.STRING, "32x32 crop, 96x96 crop, 320x240 scale, 640x480 scale, 800x600 scale",
                "Thumbnails made as soon as an image is uploaded, so clients' usual"
                        + " requests are served from disk at once (Synapse's thumbnail_sizes): comma-separated"
                        + " WIDTHxHEIGHT METHOD, METHOD crop or scale. Empty: only on request.");
        integer("media.max_image_pixels", "32000000", 1, 1_000_000_000,
                "Largest image (width x height, read from its header before decoding) the node will decode to make"
                        + " a thumbnail; larger ones are refused, so a decompression bomb cannot exhaust memory.");

        section("email", "Outgoing email, for address verification and password resets. Unset smtp_host: no email.");
        optional("email.smtp_host", Kind.STRING, "smtp.kaslo.example", "SMTP server.");
        key("email.smtp_port", Kind.PORT, "587", "SMTP port.");
        optional("email.smtp_user", Kind.STRING, "lightweb", "SMTP user name, if the server wants a login.");
        optional("email.smtp_password", Kind.SECRET, "change-me", "SMTP password.");
        choice("email.security", "starttls", "none (plain; only for a relay on this machine), starttls or tls.",
                "none", "starttls", "tls");
        optional("email.from", Kind.STRING, "Lightweb <noreply@kaslo.example>",
                "Sender of the node's emails. Default: Lightweb <noreply@<server_name host>>.");
        key("email.validation_token_lifetime", Kind.DURATION, "1h", "How long an emailed validation link works.");

        section("limits", "Sizes the node accepts.");
        key("limits.max_request_body", Kind.SIZE, "10MiB", "Largest JSON request body (413 M_TOO_LARGE above it).");
        integer("limits.max_display_name_length", "256", 1, 65536, "Longest display name (device or profile).");
        integer("limits.max_avatar_url_length", "1000", 1, 65536, "Longest avatar_url.");
        integer("limits.max_profile_bytes", "65536", 1024, 1 << 24,
                "Largest profile, all fields together as JSON (the spec's limit is 64 KiB).");
        integer("limits.max_json_depth", "100", 4, 10_000,
                "Deepest nesting of arrays and objects in a JSON body (400 M_BAD_JSON deeper). One value for the process.");
        key("limits.max_header_bytes", Kind.SIZE, "16KiB", "Largest request head, every header line together (431 above it).");
        key("limits.max_uri_bytes", Kind.SIZE, "16KiB", "Longest request line: method, path and query (414 above it).");
        integer("limits.max_headers", "100", 8, 100_000, "Most header fields in one request (431 M_TOO_LARGE above it).");
        key("limits.idle_timeout", Kind.DURATION, "2m",
                "A connection with nothing read or written for this long is closed. Keep it above the longest /sync timeout clients ask for.");
        key("limits.body_timeout", Kind.DURATION, "60s",
                "Time a client has to send the whole body of a request once its head arrived; then the connection is closed"
                        + " (slow-body attacks). Streamed media uploads have only idle_timeout.");
        integer("limits.max_connections", "4096", 1, 10_000_000,
                "Most open connections on each listener; a new one past it is closed at once (and logged).");

        section("invites", "Who may invite this node's users (users choose for themselves with the invite permission account data).");
        key("invites.blocked_servers", Kind.LIST, "[]",
                "Servers (globs, without port: badguys.example, *.spam.example) whose users may not invite this node's users:"
                        + " their invites are refused with 403 M_INVITE_BLOCKED.");

        section("cluster", "One node served by several processes (docs/scaling.md): every process has the same server_name,"
                + " signing key and PostgreSQL database, its own data_dir; they find each other through Hazelcast.");
        key("cluster.enabled", Kind.BOOL, "false",
                "Run this process as one of several serving the node. Needs database.type postgres.");
        optional("cluster.name", Kind.STRING, "lightweb-kaslo", "The cluster's name, the same in every process. Default: server_name.");
        key("cluster.bind", Kind.STRING, "127.0.0.1",
                "Address this process listens on for the others (Hazelcast and the event bus) and gives them.");
        key("cluster.port", Kind.PORT, "5701", "TCP port for Hazelcast; the event bus takes a free port on cluster.bind.");
        key("cluster.members", Kind.LIST, "[]",
                "The other processes, as HOST:PORT (their cluster.bind and cluster.port). No multicast discovery.");
        key("cluster.leader_check_interval", Kind.DURATION, "1s",
                "How often a process tries to become the one that sends federation transactions, appservice"
                        + " transactions and pushes (a PostgreSQL advisory lock), and the holder checks it still holds it:"
                        + " the longest a dead holder's work waits before another process takes it over.");

        section("appservices", "Application services (bridges, bots): their registration files and how the node talks to them.");
        key("appservices.registration_files", Kind.LIST, "[]",
                "Registration files (YAML, as bridges ship them), checked at start: a bad one stops the node with its"
                        + " name and the field. Synapse's app_service_config_files.");
        integer("appservices.max_events_per_transaction", "100", 1, 10_000,
                "The most events one transaction to an appservice carries.");
        key("appservices.retry_initial_backoff", Kind.DURATION, "2s",
                "Wait before sending a transaction again after an appservice failed to take it; doubles each time.");
        key("appservices.retry_max_backoff", Kind.DURATION, "5m", "The longest wait between attempts.");
        key("appservices.request_timeout", Kind.DURATION, "60s",
                "How long a request to an appservice (transaction, ping, user or alias query) may take.");

        section("admin_bot", "The admin bot (@admin:<server_name>): an appservice in the node's own process that runs the node"
                + " through commands in an admin room (!help). appservices/README.md.");
        key("admin_bot.enabled", Kind.BOOL, "true", "Start the admin bot with the node.");
        key("admin_bot.request_timeout", Kind.DURATION, "30s", "How long each of the bot's calls to the node may take.");
        key("admin_bot.admin_cache", Kind.DURATION, "60s",
                "How long the bot remembers that a user is (or is not) a server admin.");

        section("plugins", "Plugins (plugins/README.md): jars or zips the operator puts in the plugins directory, loaded at start."
                + " Only the operator installs plugins, as files; they are never uploaded over HTTP or through the bot.");
        key("plugins.enabled", Kind.BOOL, "true", "Load the plugins in plugins.directory at start.");
        optional("plugins.directory", Kind.PATH, "/var/lib/lightweb/plugins",
                "Where plugin files are (PF4J's enabled.txt and disabled.txt too). Default: <data_dir>/plugins.");
        optional("plugins.data_directory", Kind.PATH, "/var/lib/lightweb/plugin-data",
                "Where plugins keep their files, one directory per plugin. Default: <data_dir>/plugin-data.");
        key("plugins.start_timeout", Kind.DURATION, "30s",
                "How long a plugin may take to migrate its tables and start (or to stop); past it, it is reported as"
                        + " failed and left out.");
        key("plugins.hook_timeout", Kind.DURATION, "2s",
                "How long a plugin's event veto may take to answer; past it, the event goes through and a warning is"
                        + " logged.");
        key("plugins.request_timeout", Kind.DURATION, "60s",
                "How long a plugin's route handler or admin command may take (504 M_UNKNOWN after it), and the longest"
                        + " a plugin waits for the node's services.");
        key("plugins.max_request_body", Kind.SIZE, "64MiB",
                "Largest request body a plugin route accepts (413 M_TOO_LARGE above it).");
        integer("plugins.threads_per_plugin", "4", 1, 256,
                "Threads each plugin's handlers, vetoes, commands and jobs run on; its events have one more of their own.");
        integer("plugins.queue_size", "10000", 10, 10_000_000,
                "Work waiting for a plugin's threads, and events waiting for its listeners, at most; past it, requests"
                        + " get 503 and events are dropped for that plugin (and counted).");
        optional("plugins.config", Kind.MAP, "{example-greeter: {greeting: Hello}}",
                "Each plugin's own section, by plugin id (plugins.config.<pluginId>), handed to the plugin and"
                        + " checked by it when it starts.");

        section("well_known", "What /.well-known/matrix/{client,server} answer.");
        optional("well_known.server", Kind.STRING, "matrix.kaslo.example:443",
                "The m.server delegation. Default: <server_name host>:<listeners.federation.port>.");

        section("log", "Logging.");
        choice("log.level", "info", "error, warn, info, debug or trace.", "error", "warn", "info", "debug", "trace");
        choice("log.format", "text", "text (one readable line per message) or json (one JSON object per line, for log"
                + " collectors).", "text", "json");
    }

    private static final Map<String, Entry> BY_PATH = ENTRIES.stream()
            .collect(Collectors.toMap(Entry::path, Function.identity()));

    private ConfigSchema() {}

    public static List<Entry> entries() { return List.copyOf(ENTRIES); }

    public static Optional<Entry> find(String path) { return Optional.ofNullable(BY_PATH.get(path)); }

    public static List<Key> keys() {
        return ENTRIES.stream().filter(e -> e instanceof Key).map(e -> (Key) e).toList();
    }
}
