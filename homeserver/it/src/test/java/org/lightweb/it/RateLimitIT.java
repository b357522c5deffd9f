package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitIT {
    static final FakeAppservice bridge = new FakeAppservice();

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> {
        var limits = c.with("rate_limits");
        limits.put("enabled", true);
        limits.with("registration").put("per_second", 100).put("burst_count", 100);
        limits.with("login").put("per_second", 0.01).put("burst_count", 3);
        limits.with("failed_login").put("per_second", 0.01).put("burst_count", 2);
        limits.with("messages").put("per_second", 0.01).put("burst_count", 3);
        limits.with("joins").put("per_second", 0.01).put("burst_count", 2);
        c.putObject("appservices").putArray("registration_files").add(bridge.registrationFile().toString());
    });

    @org.junit.jupiter.api.AfterAll
    static void stopBridge() { bridge.close(); }

    static int send(String token, String roomId, String query, int count) {
        int ok = 0;
        for (int i = 0; i < count; i++) {
            var res = node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + System.nanoTime() + query,
                    token, org.lightweb.core.Json.object().put("msgtype", "m.text").put("body", "n" + i));
            if (res.status() == 200) ok++;
            else {
                assertThat(res.status()).isEqualTo(429);
                assertThat(res.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
                assertThat(res.json().path("retry_after_ms").asLong()).isPositive();
            }
        }
        return ok;
    }

    @Test
    void messagesShouldBeLimitedPerUserAndNotForAnUnlimitedAppservice() {
        var alice = node.client().register("rl_alice", "password123");
        var bob = node.client().register("rl_bob", "password123");
        String room = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(),
                org.lightweb.core.Json.object().put("preset", "public_chat")).json().path("room_id").asText();
        node.client().post("/_matrix/client/v3/rooms/" + room + "/join", bob.accessToken(), org.lightweb.core.Json.object());
        assertThat(send(alice.accessToken(), room, "", 5)).isEqualTo(3);
        assertThat(send(bob.accessToken(), room, "", 1)).isEqualTo(1);   // per user: bob has his own bucket

        // The bridge's registration says rate_limited: false: its users send as much as they need
        node.client().post("/_matrix/client/v3/register", FakeAppservice.AS_TOKEN, org.lightweb.core.Json.object()
                .put("type", "m.login.application_service").put("username", "bridge_rl").put("inhibit_login", true));
        node.client().post("/_matrix/client/v3/rooms/" + room + "/join?user_id=@bridge_rl:localhost", FakeAppservice.AS_TOKEN,
                org.lightweb.core.Json.object());
        assertThat(send(FakeAppservice.AS_TOKEN, room, "?user_id=@bridge_rl:localhost", 6)).isEqualTo(6);
    }

    @Test
    void joinsShouldBeLimitedPerUser() {
        var owner = node.client().register("rl_owner", "password123");
        var carol = node.client().register("rl_carol", "password123");
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 3; i++) {
            String room = node.client().post("/_matrix/client/v3/createRoom", owner.accessToken(),
                    org.lightweb.core.Json.object().put("preset", "public_chat")).json().path("room_id").asText();
            int status = node.client().post("/_matrix/client/v3/join/" + room, carol.accessToken(), org.lightweb.core.Json.object()).status();
            if (status == 200) ok++;
            if (status == 429) limited++;
        }
        assertThat(ok).isEqualTo(2);
        assertThat(limited).isEqualTo(1);
    }

    @Test
    void loginShouldBeLimitedWith429AndRetryAfterWhenFloodedFromOneAddress() {
        node.client().register("flooded", "password123");
        int ok = 0;
        TestClient.Response last = null;
        for (int i = 0; i < 5; i++) {
            last = node.client().login("flooded", "password123", null);
            if (last.status() == 200) ok++;
        }
        assertThat(ok).isEqualTo(3);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
        assertThat(last.json().path("retry_after_ms").asLong()).isPositive();
        assertThat(last.header("Retry-After")).isNotNull();
    }
}
