package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.EmailSteps.ADD;
import static org.lightweb.it.EmailSteps.REGISTER;
import static org.lightweb.it.EmailSteps.VALIDATE_SUBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** Registering with an email, adding and removing one, logging in by email: against a real SMTP server. */
class EmailThreepidIT {
    @RegisterExtension @Order(1)
    static final MailSink mail = new MailSink();
    @RegisterExtension @Order(2)
    static final TestNode node = TestNode.create(mail::configure);

    private final EmailSteps steps = new EmailSteps(node, mail);

    private TestClient client() { return node.client(); }

    @Test
    void registerShouldBindEmailWhenEmailFlowCompleted() {
        Response token = steps.requestToken(REGISTER, "  Alice@Example.ORG ", "alice-secret", 1);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        String sid = token.json().get("sid").asText();
        assertThat(sid).matches("[0-9a-zA-Z.=_-]{1,255}");
        assertThat(token.json().get("submit_url").asText()).endsWith("/_lightweb/client/v1/email/submit_token");

        MimeMessage message = mail.awaitTo("alice@example.org", VALIDATE_SUBJECT);
        assertThat(MailSink.text(message)).contains("register");
        Response page = client().get(MailSink.linkPath(message));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("confirmed");

        ObjectNode body = Json.object().put("username", "alice").put("password", "alice-password");
        Response challenge = client().post("/_matrix/client/v3/register", null, body);
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.json().get("flows").toString()).contains("[\"m.login.dummy\",\"m.login.email.identity\"]");
        String session = challenge.json().get("session").asText();

        body.set("auth", EmailSteps.emailAuth(sid, "alice-secret", session));
        Response afterEmail = client().post("/_matrix/client/v3/register", null, body);
        assertThat(afterEmail.status()).as(afterEmail.body()).isEqualTo(401);
        assertThat(afterEmail.json().get("completed").toString()).isEqualTo("[\"m.login.email.identity\"]");

        body.set("auth", Json.object().put("type", "m.login.dummy").put("session", session));
        Response registered = client().post("/_matrix/client/v3/register", null, body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        JsonNode threepids = client().get("/_matrix/client/v3/account/3pid", registered.json().get("access_token").asText())
                .json().get("threepids");
        assertThat(threepids).hasSize(1);
        assertThat(threepids.get(0).get("medium").asText()).isEqualTo("email");
        assertThat(threepids.get(0).get("address").asText()).isEqualTo("alice@example.org");
        assertThat(threepids.get(0).get("validated_at").asLong()).isPositive();
        assertThat(threepids.get(0).get("added_at").asLong()).isGreaterThanOrEqualTo(threepids.get(0).get("validated_at").asLong());
    }

    @Test
    void registerShouldAnswer401WithFlowsWhenEmailNotValidated() {
        String sid = steps.requestSid(REGISTER, "unclicked@example.org", "unclicked-secret");
        ObjectNode body = Json.object().put("username", "unclicked").put("password", "unclicked-password");
        body.set("auth", EmailSteps.emailAuth(sid, "unclicked-secret", null));
        Response res = client().post("/_matrix/client/v3/register", null, body);
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.errcode()).isEqualTo("M_UNAUTHORIZED");
        assertThat(res.json().get("flows").isArray()).isTrue();
        assertThat(res.json().get("completed")).isEmpty();
        assertThat(client().get("/_matrix/client/v3/register/available?username=unclicked").status()).isEqualTo(200);
    }

    @Test
    void addShouldBindAddressWhenPasswordGivenAndDeleteShouldUnbindIt() {
        Account bob = client().register("bob", "bob-password");
        String sid = steps.validated(ADD, "Bob@Example.org", VALIDATE_SUBJECT, "bob-secret");

        Response added = steps.add(bob, sid, "bob-secret");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode threepids = client().get("/_matrix/client/v3/account/3pid", bob.accessToken()).json().get("threepids");
        assertThat(threepids).hasSize(1);
        assertThat(threepids.get(0).get("address").asText()).isEqualTo("bob@example.org");

        Response deleted = client().post("/_matrix/client/v3/account/3pid/delete", bob.accessToken(),
                Json.object().put("medium", "email").put("address", "BOB@example.org"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("id_server_unbind_result").asText()).isEqualTo("no-support");
        assertThat(client().get("/_matrix/client/v3/account/3pid", bob.accessToken()).json().get("threepids")).isEmpty();
        assertThat(steps.loginByEmail("bob@example.org", "bob-password").status()).isEqualTo(403);
    }

    @Test
    void addShouldAskForPasswordWhenNoAuthGiven() {
        Account carl = client().register("carl", "carl-password");
        String sid = steps.validated(ADD, "carl@example.org", VALIDATE_SUBJECT, "carl-secret");
        Response res = client().post("/_matrix/client/v3/account/3pid/add", carl.accessToken(),
                Json.object().put("sid", sid).put("client_secret", "carl-secret"));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.json().get("flows").toString()).isEqualTo("[{\"stages\":[\"m.login.password\"]}]");
        assertThat(client().get("/_matrix/client/v3/account/3pid", carl.accessToken()).json().get("threepids")).isEmpty();
    }

    @Test
    void addShouldFailWithThreepidAuthFailedWhenSessionNotValidatedOrForAnotherPurpose() {
        Account dora = client().register("dora", "dora-password");
        String unvalidated = steps.requestSid(ADD, "dora@example.org", "dora-secret");
        assertThat(steps.add(dora, unvalidated, "dora-secret").errcode()).isEqualTo("M_THREEPID_AUTH_FAILED");

        String forRegistration = steps.validated(REGISTER, "dora2@example.org", VALIDATE_SUBJECT, "dora-secret-2");
        Response res = steps.add(dora, forRegistration, "dora-secret-2");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_THREEPID_AUTH_FAILED");
        assertThat(client().get("/_matrix/client/v3/account/3pid", dora.accessToken()).json().get("threepids")).isEmpty();
    }

    @Test
    void loginShouldSucceedWithThirdPartyIdentifierWhenEmailIsBound() {
        Account erin = client().register("erin", "erin-password");
        steps.bind(erin, "erin@example.org", "erin-secret");
        Response login = steps.loginByEmail("  ERIN@example.org", "erin-password");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("user_id").asText()).isEqualTo(erin.userId());
        assertThat(steps.loginByEmail("erin@example.org", "wrong-password").status()).isEqualTo(403);
    }

    @Test
    void requestTokenShouldAnswerThreepidInUseWhenAddressIsBound() {
        Account fred = client().register("fred", "fred-password");
        steps.bind(fred, "fred@example.org", "fred-secret");
        int before = mail.received().size();
        for (String endpoint : List.of(REGISTER, ADD)) {
            Response res = steps.requestToken(endpoint, "FRED@example.org", "other-secret", 1);
            assertThat(res.status()).isEqualTo(400);
            assertThat(res.errcode()).isEqualTo("M_THREEPID_IN_USE");
        }
        assertThat(mail.received()).hasSize(before);
    }

    @Test
    void requestTokenShouldAnswerInvalidParamWhenClientSecretOrAddressIsBad() {
        for (String secret : List.of("has space", "", "semi;colon", "x".repeat(256))) {
            Response res = steps.requestToken(REGISTER, "gina@example.org", secret, 1);
            assertThat(res.status()).as(secret).isEqualTo(400);
            assertThat(res.errcode()).as(secret).isEqualTo("M_INVALID_PARAM");
        }
        for (String address : List.of("not-an-address", "a@b@c.org", "gina@", "@example.org", "gi na@example.org",
                "gina@example.org\r\nBcc: x@example.org")) {
            Response res = steps.requestToken(REGISTER, address, "gina-secret", 1);
            assertThat(res.status()).as(address).isEqualTo(400);
            assertThat(res.errcode()).as(address).isEqualTo("M_INVALID_PARAM");
        }
        Response noAttempt = client().post(REGISTER, null, Json.object().put("email", "gina@example.org").put("client_secret", "s"));
        assertThat(noAttempt.errcode()).isEqualTo("M_MISSING_PARAM");
        assertThat(mail.received()).isEmpty();
    }

    @Test
    void submitTokenShouldFailWhenTokenIsWrong() {
        String sid = steps.requestSid(REGISTER, "hank@example.org", "hank-secret");
        MimeMessage message = mail.awaitTo("hank@example.org", VALIDATE_SUBJECT);
        String wrongLink = MailSink.linkPath(message).replace("token=", "token=x");
        Response page = client().get(wrongLink);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("not valid");

        ObjectNode submit = Json.object().put("sid", sid).put("client_secret", "hank-secret").put("token", "wrong");
        Response posted = client().post("/_lightweb/client/v1/email/submit_token", null, submit);
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.json().get("success").asBoolean()).isFalse();
        ObjectNode register = Json.object().put("username", "hank").put("password", "hank-password");
        register.set("auth", EmailSteps.emailAuth(sid, "hank-secret", null));
        assertThat(client().post("/_matrix/client/v3/register", null, register).errcode()).isEqualTo("M_UNAUTHORIZED");

        submit.put("token", MailSink.token(message));
        assertThat(client().post("/_lightweb/client/v1/email/submit_token", null, submit).json().get("success").asBoolean()).isTrue();
    }

    @Test
    void requestTokenShouldSendNoSecondEmailWhenSendAttemptIsRepeated() {
        String first = steps.requestToken(ADD, "ivy@example.org", "ivy-secret", 1).json().get("sid").asText();
        String again = steps.requestToken(ADD, "ivy@example.org", "ivy-secret", 1).json().get("sid").asText();
        assertThat(again).isEqualTo(first);
        String next = steps.requestToken(ADD, "ivy@example.org", "ivy-secret", 2).json().get("sid").asText();
        assertThat(next).isEqualTo(first);

        // Each email is accepted by the SMTP server before requestToken answers: a repeat would be counted here.
        List<MimeMessage> messages = mail.await(2);
        assertThat(messages).hasSize(2);
        assertThat(MailSink.token(messages.get(1))).isNotEqualTo(MailSink.token(messages.get(0)));
        assertThat(client().get(MailSink.linkPath(messages.get(0))).status()).isEqualTo(400);   // replaced
        assertThat(client().get(MailSink.linkPath(messages.get(1))).status()).isEqualTo(200);
    }

    @Test
    void linkShouldRedirectToNextLinkWhenValidated() {
        ObjectNode body = Json.object().put("email", "jo@example.org").put("client_secret", "jo-secret")
                .put("send_attempt", 1).put("next_link", "https://client.example/done?x=1");
        assertThat(client().post(REGISTER, null, body).status()).isEqualTo(200);
        Response page = client().get(MailSink.linkPath(mail.awaitTo("jo@example.org", VALIDATE_SUBJECT)));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("https://client.example/done?x=1");

        body.put("next_link", "javascript:alert(1)").put("email", "jo2@example.org");
        Response refused = client().post(REGISTER, null, body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
