package org.lightweb.server.e2ee;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.e2ee.KeyBackupRepository.RoomKey;

/** Server-side key backup routes (spec: Server-side key backups; key_backup.yaml). */
public final class KeyBackupRoutes implements RouteGroup {
    private static final String BASE = "/_matrix/client/v3/room_keys/";

    private final KeyBackup backup;
    private final Authenticator auth;

    public KeyBackupRoutes(KeyBackup backup, Authenticator auth) {
        this.backup = backup;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post(BASE + "version").handler(auth.user()).handler(Respond.json(ctx -> backup.create(user(ctx), Bodies.json(ctx))));
        router.get(BASE + "version").handler(auth.user()).handler(Respond.json(ctx -> backup.get(user(ctx), Optional.empty())));
        router.get(BASE + "version/:version").handler(auth.user())
                .handler(Respond.json(ctx -> backup.get(user(ctx), Optional.of(ctx.pathParam("version")))));
        router.put(BASE + "version/:version").handler(auth.user())
                .handler(Respond.json(ctx -> backup.update(user(ctx), ctx.pathParam("version"), Bodies.json(ctx)).map(v -> Map.of())));
        router.delete(BASE + "version/:version").handler(auth.user())
                .handler(Respond.json(ctx -> backup.delete(user(ctx), ctx.pathParam("version")).map(v -> Map.of())));

        router.put(BASE + "keys").handler(auth.user()).handler(Respond.json(ctx -> put(ctx, KeyBackup.parseRooms(Bodies.json(ctx)))));
        router.put(BASE + "keys/:roomId").handler(auth.user())
                .handler(Respond.json(ctx -> put(ctx, KeyBackup.parseSessions(ctx.pathParam("roomId"), Bodies.json(ctx)))));
        router.put(BASE + "keys/:roomId/:sessionId").handler(auth.user()).handler(Respond.json(ctx -> put(ctx,
                List.of(KeyBackup.parseKey(ctx.pathParam("roomId"), ctx.pathParam("sessionId"), Bodies.json(ctx))))));
        router.get(BASE + "keys").handler(auth.user()).handler(Respond.json(ctx -> backup.getKeys(user(ctx), version(ctx), null, null)));
        router.get(BASE + "keys/:roomId").handler(auth.user())
                .handler(Respond.json(ctx -> backup.getKeys(user(ctx), version(ctx), ctx.pathParam("roomId"), null)));
        router.get(BASE + "keys/:roomId/:sessionId").handler(auth.user()).handler(Respond.json(ctx ->
                backup.getKeys(user(ctx), version(ctx), ctx.pathParam("roomId"), ctx.pathParam("sessionId"))));
        router.delete(BASE + "keys").handler(auth.user()).handler(Respond.json(ctx -> backup.deleteKeys(user(ctx), version(ctx), null, null)));
        router.delete(BASE + "keys/:roomId").handler(auth.user())
                .handler(Respond.json(ctx -> backup.deleteKeys(user(ctx), version(ctx), ctx.pathParam("roomId"), null)));
        router.delete(BASE + "keys/:roomId/:sessionId").handler(auth.user()).handler(Respond.json(ctx ->
                backup.deleteKeys(user(ctx), version(ctx), ctx.pathParam("roomId"), ctx.pathParam("sessionId"))));
    }

    private Future<?> put(RoutingContext ctx, List<RoomKey> keys) {
        return backup.putKeys(user(ctx), version(ctx), keys);
    }

    private static String user(RoutingContext ctx) { return Requester.of(ctx).userId().toString(); }

    private static String version(RoutingContext ctx) {
        String version = ctx.request().getParam("version");
        if (version == null) throw MatrixException.missingParam("Missing parameter: version");
        return version;
    }
}
