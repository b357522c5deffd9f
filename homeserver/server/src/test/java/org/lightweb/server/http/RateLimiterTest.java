package org.lightweb.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.HomeserverConfig.Rate;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateLimiter limiter = new RateLimiter(true, now::get);
    private final Rate rate = new Rate(1.0, 2);

    @Test
    void takeShouldAllowTheBurstThenRefuseWithRetryAfter() {
        limiter.take("a", "k", rate);
        limiter.take("a", "k", rate);
        assertThatThrownBy(() -> limiter.take("a", "k", rate)).isInstanceOfSatisfying(MatrixException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat((Long) e.extra().get("retry_after_ms")).isBetween(1L, 1000L);
        });
    }

    @Test
    void takeShouldAllowAgainWhenTheBucketHasRefilled() {
        limiter.take("a", "k", rate);
        limiter.take("a", "k", rate);
        now.addAndGet(1000);
        limiter.take("a", "k", rate);
        assertThatThrownBy(() -> limiter.take("a", "k", rate)).isInstanceOf(MatrixException.class);
    }

    @Test
    void bucketsShouldBeSeparateForEachKeyAndAction() {
        limiter.take("a", "k1", rate);
        limiter.take("a", "k1", rate);
        limiter.take("a", "k2", rate);
        limiter.take("b", "k1", rate);
    }

    @Test
    void checkShouldNotConsumeButRecordShould() {
        limiter.check("f", "u", rate);
        limiter.check("f", "u", rate);
        limiter.check("f", "u", rate);
        limiter.record("f", "u", rate);
        limiter.record("f", "u", rate);
        assertThatThrownBy(() -> limiter.check("f", "u", rate)).isInstanceOf(MatrixException.class);
    }

    @Test
    void disabledLimiterShouldNeverRefuse() {
        RateLimiter off = new RateLimiter(false, now::get);
        for (int i = 0; i < 100; i++) off.take("a", "k", rate);
    }
}
