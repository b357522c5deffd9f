package org.lightweb.server.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.rooms.StoredEvent;

class IgnoredUsersTest {
    private static StoredEvent event(String sender, String stateKey) {
        return new StoredEvent("$e", "!r:x", 1L, 1, stateKey == null ? "m.room.message" : "m.room.member", stateKey,
                sender, 0, "{}", false, null, 1L, 1L, null, null);
    }

    @Test
    void parseShouldListTheKeysOfIgnoredUsersWhenTheContentIsWellFormed() {
        assertThat(IgnoredUsers.parse(Json.parse("{\"ignored_users\":{\"@a:x\":{},\"@b:x\":{}}}")))
                .containsExactlyInAnyOrder("@a:x", "@b:x");
    }

    @Test
    void parseShouldIgnoreNobodyWhenTheContentIsMalformed() {
        assertThat(IgnoredUsers.parse(Json.parse("{\"ignored_users\":[\"@a:x\"]}"))).isEmpty();
        assertThat(IgnoredUsers.parse(Json.parse("{}"))).isEmpty();
    }

    @Test
    void hidesShouldKeepStateEventsWhenTheSenderIsIgnored() {
        Set<String> ignored = Set.of("@a:x");
        assertThat(IgnoredUsers.hides(ignored, event("@a:x", null))).isTrue();
        assertThat(IgnoredUsers.hides(ignored, event("@a:x", "@a:x"))).isFalse();
        assertThat(IgnoredUsers.hides(ignored, event("@b:x", null))).isFalse();
    }
}
