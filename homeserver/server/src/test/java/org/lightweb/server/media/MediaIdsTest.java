package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;

class MediaIdsTest {
    @Test
    void generatedIdsShouldBeTwentyFourLettersAndDigits() {
        String id = MediaIds.generate();
        assertThat(id).matches("[A-Za-z0-9]{24}");
        assertThat(MediaIds.isValidMediaId(id)).isTrue();
        assertThat(MediaIds.generate()).isNotEqualTo(id);
    }

    @Test
    void mediaIdShouldBeRefusedWhenOutsideTheGrammar() {
        for (String bad : new String[] {"", "..", "a/b", "../etc", "a.b", "a b", "é", "a%2Fb", "x".repeat(256)}) {
            assertThat(MediaIds.isValidMediaId(bad)).as(bad).isFalse();
        }
        assertThat(MediaIds.isValidMediaId("abc-DEF_123")).isTrue();
        assertThatThrownBy(() -> MediaIds.mediaId("..")).isInstanceOf(MatrixException.class);
    }

    @Test
    void serverNameShouldBeRefusedWhenItCouldLeaveAFolder() {
        assertThat(MediaIds.serverName("example.org:8448").value()).isEqualTo("example.org:8448");
        for (String bad : new String[] {"..", "a/b", "example..org", "", "exa mple"}) {
            assertThatThrownBy(() -> MediaIds.serverName(bad)).as(bad).isInstanceOf(MatrixException.class);
        }
    }
}
