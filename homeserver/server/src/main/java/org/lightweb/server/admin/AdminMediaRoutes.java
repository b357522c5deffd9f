package org.lightweb.server.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.media.BlobStore;
import org.lightweb.storage.admin.AdminRepository;
import org.lightweb.storage.media.MediaRepository;

/**
 * Synapse's media admin API (docs/admin_api/media_admin_api.md) at its paths: quarantine and unquarantine one
 * media, a room's or a user's, delete one local media, and purge the remote media cache.
 */
public final class AdminMediaRoutes implements RouteGroup {
    /** An mxc:// URI as it appears inside event JSON (url, thumbnail_url, file.url, avatar url, ...). */
    private static final Pattern MXC = Pattern.compile("mxc://([A-Za-z0-9.:\\[\\]-]+)/([A-Za-z0-9_-]+)");

    private final ServerName serverName;
    private final MediaRepository media;
    private final BlobStore blobs;
    private final AdminRepository admin;
    private final Authenticator auth;
    private final Clock clock;

    AdminMediaRoutes(ServerName serverName, MediaRepository media, BlobStore blobs, AdminRepository admin,
                     Authenticator auth, Clock clock) {
        this.serverName = serverName;
        this.media = media;
        this.blobs = blobs;
        this.admin = admin;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        String v1 = "/_synapse/admin/v1";
        router.post(v1 + "/media/quarantine/:server/:mediaId").handler(auth.admin()).handler(Respond.json(this::quarantine));
        router.post(v1 + "/media/unquarantine/:server/:mediaId").handler(auth.admin()).handler(Respond.json(this::unquarantine));
        router.post(v1 + "/room/:roomId/media/quarantine").handler(auth.admin()).handler(Respond.json(this::quarantineRoom));
        router.post(v1 + "/quarantine_media/:roomId").handler(auth.admin()).handler(Respond.json(this::quarantineRoom));
        router.post(v1 + "/user/:userId/media/quarantine").handler(auth.admin()).handler(Respond.json(this::quarantineUser));
        router.delete(v1 + "/media/:server/:mediaId").handler(auth.admin()).handler(Respond.json(this::deleteMedia));
        router.post(v1 + "/purge_media_cache").handler(auth.admin()).handler(Respond.json(this::purgeMediaCache));
    }

    private static String server(RoutingContext ctx) {
        String s = ctx.pathParam("server");
        if (!ServerName.isValid(s)) throw MatrixException.invalidParam("Invalid server name: " + s);
        return s;
    }

    private static String mediaId(RoutingContext ctx) {
        String id = ctx.pathParam("mediaId");
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,255}")) throw MatrixException.invalidParam("Invalid media ID");
        return id;
    }

    /** POST /_synapse/admin/v1/media/quarantine/{server}/{mediaId}: {}. */
    Future<Map<String, Object>> quarantine(RoutingContext ctx) {
        return media.quarantine(server(ctx), mediaId(ctx), Requester.of(ctx).userId().toString(), clock.millis())
                .map(v -> Map.of());
    }

    /** POST /_synapse/admin/v1/media/unquarantine/{server}/{mediaId}: {}. */
    Future<Map<String, Object>> unquarantine(RoutingContext ctx) {
        return media.unquarantine(server(ctx), mediaId(ctx)).map(v -> Map.of());
    }

    /** POST /_synapse/admin/v1/room/{roomId}/media/quarantine: every mxc:// URI in the room's events; {num_quarantined}. */
    Future<Map<String, Object>> quarantineRoom(RoutingContext ctx) {
        String roomId = AdminParams.roomId(ctx);
        String by = Requester.of(ctx).userId().toString();
        return admin.eventsWithMedia(roomId).compose(jsons -> quarantineAll(mxcUris(jsons), by));
    }

    /** POST /_synapse/admin/v1/user/{userId}/media/quarantine: every media the local user uploaded; {num_quarantined}. */
    Future<Map<String, Object>> quarantineUser(RoutingContext ctx) {
        var user = AdminParams.localUserId(ctx, serverName);
        return admin.mediaUploadedBy(user.toString())
                .compose(ids -> quarantineAll(ids, Requester.of(ctx).userId().toString()));
    }

    private Future<Map<String, Object>> quarantineAll(java.util.Collection<List<String>> uris, String by) {
        Future<Integer> count = Future.succeededFuture(0);
        for (List<String> uri : uris) {
            count = count.compose(n -> media.quarantine(uri.get(0), uri.get(1), by, clock.millis())
                    .map(fresh -> fresh ? n + 1 : n));
        }
        return count.map(n -> Map.of("num_quarantined", n));
    }

    /** Every distinct mxc://server/mediaId in the events' JSON, as [server, mediaId], in the order first seen. */
    static Set<List<String>> mxcUris(List<String> eventJsons) {
        Set<List<String>> uris = new LinkedHashSet<>();
        for (String json : eventJsons) {
            Matcher m = MXC.matcher(json);
            while (m.find()) uris.add(List.of(m.group(1), m.group(2)));
        }
        return uris;
    }

    /** DELETE /_synapse/admin/v1/media/{server}/{mediaId}: local media only; {deleted_media, total}. */
    Future<Map<String, Object>> deleteMedia(RoutingContext ctx) {
        String server = server(ctx);
        String id = mediaId(ctx);
        if (!server.equals(serverName.value())) throw MatrixException.badJson("Can only delete local media");
        return media.delete(server, id).compose(shas -> {
            if (shas.isEmpty()) return Future.failedFuture(MatrixException.notFound("Unknown media"));
            return deleteFiles(shas.get()).map(n -> Map.<String, Object>of("deleted_media", List.of(id), "total", 1));
        });
    }

    /** POST /_synapse/admin/v1/purge_media_cache?before_ts=: remote media not accessed since; {deleted}. */
    Future<Map<String, Object>> purgeMediaCache(RoutingContext ctx) {
        if (ctx.request().getParam("before_ts") == null) throw MatrixException.missingParam("Missing integer query parameter 'before_ts'");
        long before = AdminParams.nonNegative(ctx, "before_ts", 0);
        return media.deleteRemoteUnusedSince(serverName.value(), before).compose(this::deleteFiles)
                .map(n -> Map.of("deleted", n));
    }

    /** Deletes the files no row names any more; answers how many rows' files were looked at. */
    private Future<Integer> deleteFiles(List<String> shas) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (String sha : shas) {
            chain = chain.compose(n -> blobs.deleteUnreferenced(sha, () -> media.isReferenced(sha)).map(gone -> n + 1));
        }
        return chain;
    }
}
