package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.devicelists.DeviceLists;

/** The key management API (spec: End-to-End Encryption, Key management API; Cross-signing). */
public final class KeysRoutes implements RouteGroup {
    private static final String V3 = "/_matrix/client/v3/keys/";

    private final E2eKeys keys;
    private final CrossSigning crossSigning;
    private final DeviceLists deviceLists;
    private final UiAuth uiAuth;
    private final Authenticator auth;

    public KeysRoutes(E2eKeys keys, CrossSigning crossSigning, DeviceLists deviceLists, UiAuth uiAuth, Authenticator auth) {
        this.keys = keys;
        this.crossSigning = crossSigning;
        this.deviceLists = deviceLists;
        this.uiAuth = uiAuth;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post(V3 + "upload").handler(auth.userOrGuest()).handler(Respond.json(this::upload));
        router.post(V3 + "query").handler(auth.userOrGuest()).handler(Respond.json(this::query));
        router.post(V3 + "claim").handler(auth.userOrGuest()).handler(Respond.json(this::claim));
        router.get(V3 + "changes").handler(auth.userOrGuest()).handler(Respond.json(this::changes));
        router.post(V3 + "device_signing/upload").handler(auth.user()).handler(Respond.json(this::uploadCrossSigningKeys));
        router.post(V3 + "signatures/upload").handler(auth.user()).handler(Respond.json(this::uploadSignatures));
    }

    /** POST /keys/upload (operationId uploadKeys). */
    Future<ObjectNode> upload(RoutingContext ctx) {
        return keys.upload(Requester.of(ctx), Bodies.json(ctx));
    }

    /** POST /keys/query (operationId queryKeys). */
    Future<ObjectNode> query(RoutingContext ctx) {
        return keys.query(Requester.of(ctx), Bodies.json(ctx));
    }

    /** POST /keys/claim (operationId claimKeys). */
    Future<ObjectNode> claim(RoutingContext ctx) {
        return keys.claim(Requester.of(ctx), Bodies.json(ctx));
    }

    /** GET /keys/changes?from=&to= (operationId getKeysChanges): users whose keys changed between two sync tokens. */
    Future<ObjectNode> changes(RoutingContext ctx) {
        SyncToken from = token(ctx, "from");
        SyncToken to = token(ctx, "to");
        return deviceLists.changesBetween(Requester.of(ctx).userId().toString(), from, to).map(c -> {
            ObjectNode out = Json.object();
            c.changed().forEach(out.putArray("changed")::add);
            c.left().forEach(out.putArray("left")::add);
            return out;
        });
    }

    private static SyncToken token(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) throw MatrixException.missingParam("Missing parameter: " + name);
        try {
            return SyncToken.parse(value);
        } catch (RuntimeException bad) {
            throw MatrixException.invalidParam("Invalid sync token in '" + name + "'");
        }
    }

    /** POST /keys/device_signing/upload (operationId uploadCrossSigningKeys): user-interactive auth unless first. */
    Future<Map<String, Object>> uploadCrossSigningKeys(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        ObjectNode body = Bodies.json(ctx);
        return crossSigning.upload(who, body, () -> uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(),
                        ctx.request().path(), body, List.of(List.of(Stages.PASSWORD)), Json.object(), Optional.of(who.userId()))))
                .map(v -> Map.of());
    }

    /** POST /keys/signatures/upload (operationId uploadCrossSigningSignatures). */
    Future<ObjectNode> uploadSignatures(RoutingContext ctx) {
        return crossSigning.uploadSignatures(Requester.of(ctx), Bodies.json(ctx));
    }
}
