package org.lightweb.server.voip;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * GET /voip/turnServer (spec: Voice over IP): time-limited credentials for the configured TURN servers, made with
 * the TURN REST API's shared secret as coturn checks them (username "expiry:user", password
 * base64(HMAC-SHA1(secret, username))), as Synapse does. Without TURN servers the answer is empty, as Synapse's is.
 */
public final class TurnRoutes implements RouteGroup {
    private final HomeserverConfig.Turn turn;
    private final Authenticator auth;
    private final Clock clock;

    public TurnRoutes(HomeserverConfig.Turn turn, Authenticator auth, Clock clock) {
        this.turn = turn;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/voip/turnServer").handler(auth.userOrGuest()).handler(Respond.json(this::getTurnServer));
    }

    /** GET /voip/turnServer (operationId getTurnServer). */
    Future<Map<String, Object>> getTurnServer(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        if (turn.uris().isEmpty() || turn.sharedSecret().isEmpty() || (who.guest() && !turn.allowGuests())) {
            return Future.succeededFuture(Map.of());
        }
        long ttl = turn.userLifetime().toSeconds();
        String username = (clock.millis() / 1000 + ttl) + ":" + who.userId();
        return Future.succeededFuture(Map.of("username", username, "password", password(turn.sharedSecret().get(), username),
                "uris", turn.uris(), "ttl", ttl));
    }

    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw MatrixException.unknown("HMAC-SHA1 is not available");
        }
    }
}
