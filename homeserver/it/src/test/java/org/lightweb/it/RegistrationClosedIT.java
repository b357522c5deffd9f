package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Registration as an operator closes it. */
class RegistrationClosedIT {
private static final String REGISTER = "/_matrix/client/v3/register";

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("registration").put("enabled", false));

    @Test
    void registerShouldBeForbiddenWhenRegistrationIsDisabled() {
        var res = node.client().post(REGISTER, null, Json.object().put("username", "x").put("password", "password123"));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }

    @Test
    void guestRegistrationShouldBeForbiddenWhenGuestsAreNotAllowed() {
        var res = node.client().post(REGISTER + "?kind=guest", null, Json.object());
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
    }
}
