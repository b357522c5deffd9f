package org.lightweb.server.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.push.PusherRepository.Pusher;

class GatewayNotificationsTest {
    @Test
    void tweaksShouldCarryValuesAndTreatABareHighlightAsTrue() {
        ObjectNode t = GatewayNotifications.tweaks(
                "[\"notify\", {\"set_tweak\": \"sound\", \"value\": \"default\"}, {\"set_tweak\": \"highlight\"}]");
        assertThat(t.path("sound").asText()).isEqualTo("default");
        assertThat(t.path("highlight").asBoolean()).isTrue();
    }

    @Test
    void tweaksShouldBeEmptyWhenActionsOnlyNotify() {
        assertThat(GatewayNotifications.tweaks("[\"notify\"]")).isEmpty();
        assertThat(GatewayNotifications.tweaks("{}")).isEmpty();
    }

    @Test
    void dataOfShouldBeEmptyWhenStoredDataIsNotAnObject() {
        Pusher p = new Pusher("@a:x", "D", null, "http", "app", "key", "A", "D", null, "en", "[]", 0, 0, null);
        assertThat(GatewayNotifications.dataOf(p)).isEmpty();
    }
}
