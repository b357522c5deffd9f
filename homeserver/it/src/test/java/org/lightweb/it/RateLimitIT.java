package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> {
        var limits = c.with("rate_limits");
        limits.put("enabled", true);
        limits.with("login").put("per_second", 0.01).put("burst_count", 3);
        limits.with("failed_login").put("per_second", 0.01).put("burst_count", 2);
    });

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
