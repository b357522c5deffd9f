package org.lightweb.server.messages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.server.messages.InvitePermissions.Decision;

/** MSC4155's order of evaluation, with its own examples. */
class InvitePermissionsTest {
    static Decision eval(String config, String inviter) {
        return InvitePermissions.evaluate(Json.parse(config), inviter);
    }

    @Test
    void evaluateShouldFollowTheMscOrderWhenListsOverlap() {
        assertThat(eval("{}", "@a:x.org")).isEqualTo(Decision.ALLOW);
        assertThat(eval("{\"blocked_servers\": [\"*\"]}", "@a:x.org")).isEqualTo(Decision.BLOCK);
        String onlyGood = "{\"allowed_servers\": [\"goodguys.org\"], \"blocked_servers\": [\"*\"]}";
        assertThat(eval(onlyGood, "@john:goodguys.org")).isEqualTo(Decision.ALLOW);
        assertThat(eval(onlyGood, "@eve:badguys.org")).isEqualTo(Decision.BLOCK);
        String exceptOne = "{\"blocked_users\": [\"@notactuallyguy:goodguys.org\"], \"allowed_servers\": [\"goodguys.org\"], \"blocked_servers\": [\"*\"]}";
        assertThat(eval(exceptOne, "@notactuallyguy:goodguys.org")).isEqualTo(Decision.BLOCK);
        assertThat(eval(exceptOne, "@john:goodguys.org")).isEqualTo(Decision.ALLOW);
        String goodGuy = "{\"allowed_users\": [\"@goodguy:badguys.org\"], \"blocked_servers\": [\"badguys.org\"]}";
        assertThat(eval(goodGuy, "@goodguy:badguys.org")).isEqualTo(Decision.ALLOW);
        assertThat(eval(goodGuy, "@other:badguys.org")).isEqualTo(Decision.BLOCK);
        String quiet = "{\"allowed_servers\": [\"goodguys.org\"], \"ignored_servers\": [\"reallybadguys.org\"], \"blocked_servers\": [\"*\"]}";
        assertThat(eval(quiet, "@x:reallybadguys.org")).isEqualTo(Decision.IGNORE);
        assertThat(eval("{\"ignored_users\": [\"@spam*:x.org\"]}", "@spammer:x.org")).isEqualTo(Decision.IGNORE);
    }

    @Test
    void serverListsShouldMatchTheServerNameWithoutItsPortAndDisabledConfigsAllow() {
        assertThat(eval("{\"blocked_servers\": [\"x.org\"]}", "@a:x.org:8448")).isEqualTo(Decision.BLOCK);
        assertThat(eval("{\"blocked_servers\": [\"[::1]\"]}", "@a:[::1]:8448")).isEqualTo(Decision.BLOCK);
        assertThat(eval("{\"enabled\": false, \"blocked_servers\": [\"*\"]}", "@a:x.org")).isEqualTo(Decision.ALLOW);
        // malformed: a list that is not one, entries that are not strings
        assertThat(eval("{\"blocked_servers\": \"*\", \"blocked_users\": [1, null]}", "@a:x.org")).isEqualTo(Decision.ALLOW);
    }
}
