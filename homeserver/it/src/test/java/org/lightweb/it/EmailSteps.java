package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** The steps of email validation as a client and a user's browser take them, for the email ITs. */
final class EmailSteps {
    static final String REGISTER = "/_matrix/client/v3/register/email/requestToken";
    static final String ADD = "/_matrix/client/v3/account/3pid/email/requestToken";
    static final String RESET = "/_matrix/client/v3/account/password/email/requestToken";
    static final String VALIDATE_SUBJECT = "Validate your email";
    static final String RESET_SUBJECT = "Password reset";

    private final TestNode node;
    private final MailSink mail;

    EmailSteps(TestNode node, MailSink mail) {
        this.node = node;
        this.mail = mail;
    }

    private TestClient client() { return node.client(); }

    Response requestToken(String endpoint, String email, String clientSecret, int sendAttempt) {
        return client().post(endpoint, null, Json.object().put("email", email).put("client_secret", clientSecret)
                .put("send_attempt", sendAttempt));
    }

    /** Asks for a token and answers the sid; the request must succeed. */
    String requestSid(String endpoint, String email, String clientSecret) {
        Response res = requestToken(endpoint, email, clientSecret, 1);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().get("sid").asText();
    }

    /** Opens the link of the newest matching email, as the user's browser does; answers the page. */
    Response followLink(String address, String subject) {
        MimeMessage message = mail.awaitTo(address, subject);
        return client().get(MailSink.linkPath(message));
    }

    /** requestToken for an address and the link followed: a validated session, as its sid. */
    String validated(String endpoint, String address, String subject, String clientSecret) {
        String sid = requestSid(endpoint, address, clientSecret);
        Response page = followLink(address, subject);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return sid;
    }

    static ObjectNode emailAuth(String sid, String clientSecret, String session) {
        ObjectNode auth = Json.object().put("type", "m.login.email.identity");
        if (session != null) auth.put("session", session);
        auth.putObject("threepid_creds").put("sid", sid).put("client_secret", clientSecret);
        return auth;
    }

    static ObjectNode passwordAuth(Account account, String session) {
        ObjectNode auth = Json.object().put("type", "m.login.password").put("password", account.password())
                .put("session", session);
        auth.putObject("identifier").put("type", "m.id.user").put("user", account.userId());
        return auth;
    }

    /** POST /account/3pid/add through user-interactive auth with the account's password. */
    Response add(Account account, String sid, String clientSecret) {
        ObjectNode body = Json.object().put("sid", sid).put("client_secret", clientSecret);
        Response challenge = client().post("/_matrix/client/v3/account/3pid/add", account.accessToken(), body);
        assertThat(challenge.status()).as(challenge.body()).isEqualTo(401);
        body.set("auth", passwordAuth(account, challenge.json().get("session").asText()));
        return client().post("/_matrix/client/v3/account/3pid/add", account.accessToken(), body);
    }

    /** The whole add-an-address flow: requestToken, the link, then /account/3pid/add. */
    void bind(Account account, String address, String clientSecret) {
        String sid = validated(ADD, address, VALIDATE_SUBJECT, clientSecret);
        Response added = add(account, sid, clientSecret);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
    }

    Response loginByEmail(String address, String password) {
        ObjectNode body = Json.object().put("type", "m.login.password").put("password", password);
        body.putObject("identifier").put("type", "m.id.thirdparty").put("medium", "email").put("address", address);
        return client().post("/_matrix/client/v3/login", null, body);
    }
}
