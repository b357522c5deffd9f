package org.lightweb.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.auth.UiAuth.Stage;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.ThreepidRepository;

/** The authentication stages this server offers (spec: "Authentication types"). */
public final class Stages {
    public static final String DUMMY = "m.login.dummy";
    public static final String PASSWORD = "m.login.password";
    public static final String REGISTRATION_TOKEN = "m.login.registration_token";
    public static final String EMAIL = "m.login.email.identity";

    private Stages() {}

    public static Map<String, Stage> all(AccountService accounts, RegistrationTokenRepository tokens,
                                         ThreepidRepository threepids, Clock clock) {
        return Map.of(
                DUMMY, (auth, user, session) -> Future.succeededFuture(Json.object()),
                PASSWORD, (auth, user, session) -> password(accounts, auth, user),
                REGISTRATION_TOKEN, (auth, user, session) -> registrationToken(tokens, auth, clock),
                EMAIL, (auth, user, session) -> email(threepids, auth));
    }

    /** m.login.password: the password of the user the request acts for. */
    private static Future<JsonNode> password(AccountService accounts, ObjectNode auth, Optional<UserId> forUser) {
        if (forUser.isEmpty()) return Future.failedFuture(MatrixException.forbidden("Password authentication is not possible here"));
        JsonNode pw = auth.get("password");
        if (pw == null || !pw.isTextual()) return Future.failedFuture(MatrixException.missingParam("Missing parameter: password"));
        String named = null;
        JsonNode identifier = auth.get("identifier");
        if (identifier != null && identifier.isObject() && identifier.path("type").asText().equals("m.id.user")) {
            named = identifier.path("user").asText(null);
        } else if (auth.hasNonNull("user")) {
            named = auth.get("user").asText();
        }
        UserId user = forUser.get();
        if (named != null && !named.equals(user.toString()) && !named.equals(user.localpart())) {
            return Future.failedFuture(MatrixException.forbidden("Invalid username or password"));
        }
        return accounts.checkPassword(user, pw.asText()).compose(ok -> ok
                ? Future.succeededFuture((JsonNode) Json.object().put("user_id", user.toString()))
                : Future.failedFuture(MatrixException.forbidden("Invalid username or password")));
    }

    /** m.login.registration_token: a valid token; one use is held for this session until it registers. */
    private static Future<JsonNode> registrationToken(RegistrationTokenRepository tokens, ObjectNode auth, Clock clock) {
        JsonNode token = auth.get("token");
        if (token == null || !token.isTextual()) return Future.failedFuture(MatrixException.missingParam("Missing parameter: token"));
        return tokens.reservePending(token.asText(), clock.millis()).compose(ok -> ok
                ? Future.succeededFuture((JsonNode) Json.object().put("token", token.asText()))
                : Future.failedFuture(new MatrixException(401, ErrCode.M_UNAUTHORIZED, "Invalid registration token")));
    }

    /** m.login.email.identity: a validation session the user completed by following the emailed link. */
    private static Future<JsonNode> email(ThreepidRepository threepids, ObjectNode auth) {
        JsonNode creds = auth.get("threepid_creds");
        if (creds == null) creds = auth.get("threepidCreds");
        if (creds == null || !creds.isObject() || !creds.path("sid").isTextual() || !creds.path("client_secret").isTextual()) {
            return Future.failedFuture(MatrixException.missingParam("Missing parameter: threepid_creds {sid, client_secret}"));
        }
        String sid = creds.get("sid").asText();
        return threepids.findValidation(sid, creds.get("client_secret").asText()).compose(s -> {
            if (s.isEmpty() || s.get().validatedTs() == null) {
                return Future.failedFuture(new MatrixException(401, ErrCode.M_UNAUTHORIZED,
                        "The email address has not been validated yet: follow the link in the email first"));
            }
            return Future.succeededFuture((JsonNode) Json.object().put("medium", s.get().medium())
                    .put("address", s.get().address()).put("validated_at", s.get().validatedTs())
                    .put("purpose", s.get().purpose()));
        });
    }
}
