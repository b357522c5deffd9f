package org.lightweb.appservice.adminbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void splitShouldKeepQuotedWordsTogether() {
        assertThat(Args.split("rooms delete !a:x \"--message=Closed for good\"  --block"))
                .containsExactly("rooms", "delete", "!a:x", "--message=Closed for good", "--block");
        assertThat(Args.split("tokens create \"\"")).containsExactly("tokens", "create", "");
    }

    @Test
    void optionsShouldBeReadApartFromPositionalArguments() {
        Args a = Args.of(List.of("--limit=5", "bob", "--erase"));
        assertThat(a.size()).isEqualTo(1);
        assertThat(a.required(0, "user")).isEqualTo("bob");
        assertThat(a.flag("erase")).isTrue();
        assertThat(a.intOption("limit", 25, 1, 10)).isEqualTo(5);
        assertThatThrownBy(() -> a.intOption("limit", 25, 10, 20)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> a.atMost(0)).isInstanceOf(UsageException.class).hasMessageContaining("too many");
    }

    @Test
    void durationMillisShouldReadDaysHoursMinutesSecondsAndRefuseOthers() {
        assertThat(Args.durationMillis("30d")).isEqualTo(30L * 86_400_000L);
        assertThat(Args.durationMillis("12h")).isEqualTo(12L * 3_600_000L);
        assertThat(Args.durationMillis("90s")).isEqualTo(90_000L);
        assertThatThrownBy(() -> Args.durationMillis("-1d")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Args.durationMillis("1w")).isInstanceOf(UsageException.class);
    }
}
