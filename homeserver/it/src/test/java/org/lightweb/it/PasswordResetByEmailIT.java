package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.EmailSteps.REGISTER;
import static org.lightweb.it.EmailSteps.RESET;
import static org.lightweb.it.EmailSteps.RESET_SUBJECT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** "Forgot password": a reset proven by following an emailed link (POST /account/password without a token). */
class PasswordResetByEmailIT {
    private static final String PASSWORD = "/_matrix/client/v3/account/password";

    @RegisterExtension @Order(1)
    static final MailSink mail = new MailSink();
    @RegisterExtension @Order(2)
    static final TestNode node = TestNode.create(mail::configure);

    private final EmailSteps steps = new EmailSteps(node, mail);

    private TestClient client() { return node.client(); }

    private static ObjectNode reset(String newPassword, String sid, String clientSecret) {
        ObjectNode body = Json.object().put("new_password", newPassword);
        body.set("auth", EmailSteps.emailAuth(sid, clientSecret, null));
        return body;
    }

    @Test
    void resetShouldChangePasswordWhenEmailLinkFollowed() {
        Account kim = client().register("kim", "kim-old-password");
        Response otherDevice = client().login("kim", "kim-old-password", "PHONE");
        assertThat(otherDevice.status()).isEqualTo(200);
        steps.bind(kim, "kim@example.org", "kim-add-secret");

        String sid = steps.requestSid(RESET, "Kim@Example.org", "kim-reset-secret");
        Response page = steps.followLink("kim@example.org", RESET_SUBJECT);
        assertThat(page.status()).isEqualTo(200);
        Response done = client().post(PASSWORD, null, reset("kim-new-password", sid, "kim-reset-secret"));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        assertThat(client().login("kim", "kim-old-password", null).status()).isEqualTo(403);
        assertThat(client().login("kim", "kim-new-password", null).status()).isEqualTo(200);
        for (String token : new String[] {kim.accessToken(), otherDevice.json().get("access_token").asText()}) {
            Response whoami = client().get("/_matrix/client/v3/account/whoami", token);
            assertThat(whoami.status()).isEqualTo(401);
            assertThat(whoami.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        }
    }

    @Test
    void resetShouldAnswer401WithFlowsWhenLinkNotFollowed() {
        Account lea = client().register("lea", "lea-old-password");
        steps.bind(lea, "lea@example.org", "lea-add-secret");
        String sid = steps.requestSid(RESET, "lea@example.org", "lea-reset-secret");

        Response res = client().post(PASSWORD, null, reset("lea-new-password", sid, "lea-reset-secret"));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_UNAUTHORIZED");
        assertThat(res.json().get("flows").toString()).isEqualTo("[{\"stages\":[\"m.login.email.identity\"]}]");
        assertThat(client().login("lea", "lea-old-password", null).status()).isEqualTo(200);
    }

    @Test
    void resetRequestShouldAnswerThreepidNotFoundWhenNoAccountHasTheAddress() {
        Response res = steps.requestToken(RESET, "nobody@example.org", "nobody-secret", 1);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_THREEPID_NOT_FOUND");
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void resetShouldBeRefusedWhenSessionWasValidatedForRegistration() {
        String sid = steps.validated(REGISTER, "max@example.org", EmailSteps.VALIDATE_SUBJECT, "max-secret");
        Response res = client().post(PASSWORD, null, reset("max-new-password", sid, "max-secret"));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void registerShouldAnswerThreepidInUseWhenValidatedAddressWasBoundMeanwhile() {
        Account ned = client().register("ned", "ned-password");
        steps.bind(ned, "ned@example.org", "ned-add-secret");
        String sid = steps.validated(RESET, "ned@example.org", RESET_SUBJECT, "ned-reset-secret");

        ObjectNode body = Json.object().put("username", "ned2").put("password", "ned2-password");
        body.set("auth", EmailSteps.emailAuth(sid, "ned-reset-secret", null));
        Response afterEmail = client().post("/_matrix/client/v3/register", null, body);
        assertThat(afterEmail.status()).as(afterEmail.body()).isEqualTo(401);
        body.set("auth", Json.object().put("type", "m.login.dummy").put("session", afterEmail.json().get("session").asText()));
        Response res = client().post("/_matrix/client/v3/register", null, body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_THREEPID_IN_USE");
        assertThat(client().get("/_matrix/client/v3/register/available?username=ned2").status()).isEqualTo(200);
    }
}
