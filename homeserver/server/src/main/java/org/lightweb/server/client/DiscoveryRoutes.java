package org.lightweb.server.client;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** /versions, /capabilities and the .well-known files (spec: Server Discovery, Capabilities negotiation). */
public final class DiscoveryRoutes implements RouteGroup {
    /**
     * The spec versions this server claims: those whose endpoints work for local users (docs/architecture.md,
     * "What /versions claims"). v1.11 is the last: it brought authenticated media, which works; later versions
     * add endpoints not built yet (room summaries, account suspension and locking).
     */
    public static final List<String> SPEC_VERSIONS = List.of("r0.0.1", "r0.1.0", "r0.2.0", "r0.3.0", "r0.4.0", "r0.5.0",
            "r0.6.0", "r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11");

    /**
     * The unstable features this server implements: simplified sliding sync (MSC4186), which Element X and the
     * matrix-rust-sdk look for before using POST /_matrix/client/unstable/org.matrix.simplified_msc3575/sync; and
     * server-side threads (the stable names of MSC3440 threads, MSC3856 GET /threads, MSC3715 forward /relations),
     * which matrix-js-sdk looks for while /versions claims no spec version that includes them.
     */
    public static final Map<String, Boolean> UNSTABLE_FEATURES = Map.of("org.matrix.simplified_msc3575", true,
            "org.matrix.msc3440.stable", true, "org.matrix.msc3856.stable", true, "org.matrix.msc3715.stable", true);

    private final String publicBaseUrl;
    private final String wellKnownServer;
    private final boolean threepidChanges;
    private final String defaultRoomVersion;
    private final Authenticator auth;

    public DiscoveryRoutes(String publicBaseUrl, String wellKnownServer, boolean threepidChanges, String defaultRoomVersion,
                           Authenticator auth) {
        this.publicBaseUrl = publicBaseUrl;
        this.wellKnownServer = wellKnownServer;
        this.threepidChanges = threepidChanges;
        this.defaultRoomVersion = defaultRoomVersion;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/versions").handler(Respond.json(this::getVersions));
        router.get("/.well-known/matrix/client").handler(Respond.json(this::getWellknown));
        router.get("/.well-known/matrix/server").handler(Respond.json(this::getWellKnownServer));   // also here: one port behind a proxy
        router.get("/_matrix/client/v3/capabilities").handler(auth.user()).handler(Respond.json(this::getCapabilities));
    }

    /** GET /_matrix/client/versions (operationId getVersions). */
    Future<Map<String, Object>> getVersions(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("versions", SPEC_VERSIONS, "unstable_features", UNSTABLE_FEATURES));
    }

    /** GET /.well-known/matrix/client (operationId getWellknown). */
    Future<Map<String, Object>> getWellknown(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("m.homeserver", Map.of("base_url", publicBaseUrl)));
    }

    /** GET /.well-known/matrix/server (server-server API, operationId getWellKnown). */
    Future<Map<String, Object>> getWellKnownServer(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("m.server", wellKnownServer));
    }

    /** GET /_matrix/client/v3/capabilities (operationId getCapabilities). */
    Future<Map<String, Object>> getCapabilities(RoutingContext ctx) {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("m.change_password", Map.of("enabled", true));
        caps.put("m.set_displayname", Map.of("enabled", true));
        caps.put("m.set_avatar_url", Map.of("enabled", true));
        caps.put("m.3pid_changes", Map.of("enabled", threepidChanges));
        caps.put("m.get_login_token", Map.of("enabled", false));
        caps.put("m.profile_fields", Map.of("enabled", true));
        // MSC4155: this server enforces org.matrix.msc4155.invite_permission_config (the spec's m.invite_permission_config too)
        caps.put("org.matrix.msc4155.invite_permission_config_enforced", Map.of("enabled", true));
        Map<String, Object> available = new LinkedHashMap<>();
        for (RoomVersion v : RoomVersion.supported()) available.put(v.id(), "stable");
        caps.put("m.room_versions", Map.of("default", defaultRoomVersion, "available", available));
        return Future.succeededFuture(Map.of("capabilities", caps));
    }
}
