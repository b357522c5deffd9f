package org.lightweb.server.relations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;

class PageTokensTest {
    @Test
    void tokenShouldReadBackTheSamePositionWhenItIsOurs() {
        assertThat(PageTokens.parse("from", PageTokens.of(42))).isEqualTo(42L);
        assertThat(PageTokens.parse("from", null)).isNull();
    }

    @Test
    void tokenShouldBeReadByItsEventStreamWhenItComesFromSyncOrIsTopological() {
        assertThat(PageTokens.parse("from", "s17_3_0_0_0_0_0")).isEqualTo(17L);
        assertThat(PageTokens.parse("from", "t5-99")).isEqualTo(99L);
    }

    @Test
    void tokenShouldBeRefusedWithInvalidParamWhenMalformed() {
        for (String bad : new String[] {"", "r", "r-1", "rx", "garbage", "s", "t5-x"}) {
            assertThatThrownBy(() -> PageTokens.parse("from", bad)).as(bad).isInstanceOf(MatrixException.class)
                    .hasMessageContaining("from");
        }
    }
}
