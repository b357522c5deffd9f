package org.lightweb.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesAndDurationsTest {
    @Test
    void byteSizeShouldParseBinaryAndDecimalUnits() {
        assertThat(ByteSize.parse("1024")).isEqualTo(1024);
        assertThat(ByteSize.parse("512KiB")).isEqualTo(512 * 1024);
        assertThat(ByteSize.parse("24MiB")).isEqualTo(24L << 20);
        assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("10MB")).isEqualTo(10_000_000);
        assertThat(ByteSize.parse("lots")).isEqualTo(-1);
        assertThat(ByteSize.parse("99999999999999999999")).isEqualTo(-1);
        assertThat(ByteSize.parse("9999999999TiB")).isEqualTo(-1);
    }

    @Test
    void durationsShouldParseEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("soon")).isNull();
        assertThat(Durations.parse("5")).isNull();
    }
}
