package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** A node without email.smtp_host: no validation emails, no email flows, bindings still listed. */
class EmailDisabledIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    @Test
    void requestTokenShouldAnswerMediumNotSupportedWhenEmailIsNotConfigured() {
        for (String endpoint : List.of(EmailSteps.REGISTER, EmailSteps.ADD, EmailSteps.RESET)) {
            Response res = node.client().post(endpoint, null, Json.object().put("email", "zoe@example.org")
                    .put("client_secret", "zoe-secret").put("send_attempt", 1));
            assertThat(res.status()).as(endpoint).isEqualTo(400);
            assertThat(res.errcode()).as(endpoint).isEqualTo("M_THREEPID_MEDIUM_NOT_SUPPORTED");
            assertThat(res.json().get("error").asText()).contains("does not send email");
        }
    }

    @Test
    void accountShouldOfferNoEmailWhenEmailIsNotConfigured() {
        Account zoe = node.client().register("zoe", "zoe-password");
        Response caps = node.client().get("/_matrix/client/v3/capabilities", zoe.accessToken());
        assertThat(caps.json().path("capabilities").path("m.3pid_changes").path("enabled").asBoolean()).isFalse();
        Response flows = node.client().post("/_matrix/client/v3/register", null, Json.object());
        assertThat(flows.json().get("flows").toString()).doesNotContain("m.login.email.identity");
        Response threepids = node.client().get("/_matrix/client/v3/account/3pid", zoe.accessToken());
        assertThat(threepids.status()).isEqualTo(200);
        assertThat(threepids.json().get("threepids")).isEmpty();
    }
}
