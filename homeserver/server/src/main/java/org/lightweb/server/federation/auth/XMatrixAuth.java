package org.lightweb.server.federation.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.federation.client.XMatrix;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.http.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound X-Matrix verification (server-server API, "Request Authentication") for every
 * {@code /_matrix/federation/*} route but the two the spec leaves unauthenticated ({@code /v1/version} and
 * {@code /v1/openid/userinfo}). The JSON body, if any, is parsed first (400 M_NOT_JSON when it is not JSON); then
 * each X-Matrix Authorization header is tried (one valid is enough): its destination, when present, must be this
 * server, and its signature over {method, uri as sent, origin, destination, content} must verify under the origin's
 * key. The origin is then recorded for {@link Origin#of}; otherwise 401 M_UNAUTHORIZED says why.
 */
public final class XMatrixAuth implements Handler<RoutingContext>, RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(XMatrixAuth.class);
    private static final Set<String> UNAUTHENTICATED = Set.of("/_matrix/federation/v1/version",
            "/_matrix/federation/v1/openid/userinfo");
    /** Where the parsed request body is kept, so routes need not parse it again. */
    public static final String BODY_KEY = "lightweb.federation.body";

    private final String serverName;
    private final KeyRing keys;
    private final Clock clock;
    /** Origins an admin blocked: refused once their signature verified. */
    private volatile java.util.function.Predicate<String> blocked = origin -> false;

    public void setBlocked(java.util.function.Predicate<String> blocked) { this.blocked = blocked; }

    public XMatrixAuth(String serverName, KeyRing keys, Clock clock) {
        this.serverName = serverName;
        this.keys = keys;
        this.clock = clock;
    }

    /** Mounts the check before every federation route: mount this group before the others. */
    @Override
    public void mount(Router router) {
        router.route("/_matrix/federation/*").handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (UNAUTHENTICATED.contains(ctx.request().path())) {
            ctx.next();
            return;
        }
        JsonNode content;
        try {
            content = body(ctx);
        } catch (MatrixException e) {
            ctx.fail(e);
            return;
        }
        List<XMatrix.Credentials> credentials = XMatrix.parseAll(ctx.request().headers().getAll("Authorization"));
        if (credentials.isEmpty()) {
            ctx.fail(unauthorized("Missing or malformed X-Matrix Authorization header"));
            return;
        }
        String method = ctx.request().method().name();
        String uri = ctx.request().uri();
        tryEach(credentials, 0, method, uri, content, null).onComplete(ar -> {
            if (ar.succeeded()) {
                if (blocked.test(ar.result())) {
                    ctx.fail(MatrixException.forbidden("Federation with " + ar.result() + " is blocked on this server"));
                    return;
                }
                ctx.put(Origin.KEY, ar.result());
                ctx.next();
            } else {
                log.debug("federation request refused [path: {}]: {}", ctx.request().path(), ar.cause().getMessage());
                ctx.fail(ar.cause() instanceof MatrixException m ? m : unauthorized("Signature could not be verified"));
            }
        });
    }

    /** The first credential that verifies gives the origin; otherwise the last reason. */
    private Future<String> tryEach(List<XMatrix.Credentials> all, int i, String method, String uri, JsonNode content,
                                   MatrixException last) {
        if (i >= all.size()) return Future.failedFuture(last);
        XMatrix.Credentials c = all.get(i);
        return verify(c, method, uri, content).recover(err -> tryEach(all, i + 1, method, uri, content,
                err instanceof MatrixException m ? m : unauthorized("Signature could not be verified")));
    }

    private Future<String> verify(XMatrix.Credentials c, String method, String uri, JsonNode content) {
        if (!ServerName.isValid(c.origin())) return Future.failedFuture(unauthorized("Invalid origin server name"));
        if (c.destination() != null && !c.destination().equals(serverName)) {
            return Future.failedFuture(unauthorized("The request is addressed to " + c.destination() + ", not to this server"));
        }
        if (!c.key().startsWith("ed25519:")) return Future.failedFuture(unauthorized("Unsupported key algorithm: " + c.key()));
        ObjectNode signed = XMatrix.signedObject(method, uri, c.origin(), c.destination(), content);
        signed.putObject("signatures").putObject(c.origin()).put(c.key(), c.sig());
        return keys.isSignedBy(signed, c.origin(), clock.millis()).compose(ok -> ok
                ? Future.succeededFuture(c.origin())
                : Future.failedFuture(unauthorized("Invalid signature from " + c.origin() + " (key " + c.key() + ")")));
    }

    private static JsonNode body(RoutingContext ctx) {
        Buffer b = ctx.body() == null ? null : ctx.body().buffer();
        if (b == null || b.length() == 0) return null;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(b.getBytes());
        } catch (java.io.IOException e) {
            throw MatrixException.notJson("Content not JSON");
        }
        if (node == null) throw MatrixException.notJson("Content not JSON");
        ctx.put(BODY_KEY, node);
        return node;
    }

    private static MatrixException unauthorized(String why) {
        return new MatrixException(401, ErrCode.M_UNAUTHORIZED, why);
    }
}
