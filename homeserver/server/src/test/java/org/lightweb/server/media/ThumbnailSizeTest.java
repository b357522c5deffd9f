package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThumbnailSizeTest {
    @Test
    void scaleShouldKeepTheAspectRatioInsideTheBox() {
        assertThat(ThumbnailSize.scale(800, 600, 100, 100)).isEqualTo(new ThumbnailSize(100, 75));
        assertThat(ThumbnailSize.scale(600, 800, 100, 100)).isEqualTo(new ThumbnailSize(75, 100));
        assertThat(ThumbnailSize.scale(1000, 10, 50, 50)).isEqualTo(new ThumbnailSize(50, 1));
    }

    @Test
    void scaleShouldNotEnlargeWhenTheImageFitsTheBox() {
        assertThat(ThumbnailSize.scale(40, 30, 100, 100)).isEqualTo(new ThumbnailSize(40, 30));
    }

    @Test
    void cropShouldFillTheBoxExactly() {
        assertThat(ThumbnailSize.crop(64, 32)).isEqualTo(new ThumbnailSize(64, 32));
    }
}
