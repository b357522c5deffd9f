package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
    @Test
    void headerShouldBeInlineWhenTheTypeCannotRunScript() {
        assertThat(ContentDisposition.header("image/png", "cat.png")).isEqualTo("inline; filename=\"cat.png\"");
        assertThat(ContentDisposition.header("text/plain; charset=utf-8", null)).isEqualTo("inline");
    }

    @Test
    void headerShouldBeAttachmentWhenTheTypeCanRunScript() {
        assertThat(ContentDisposition.header("text/html", "page.html")).isEqualTo("attachment; filename=\"page.html\"");
        assertThat(ContentDisposition.header("image/svg+xml", null)).isEqualTo("attachment");
        assertThat(ContentDisposition.header("application/octet-stream", "x")).startsWith("attachment");
        assertThat(ContentDisposition.header(null, null)).isEqualTo("attachment");
    }

    @Test
    void headerShouldPercentEncodeTheFilenameWhenItIsNotPlainAscii() {
        assertThat(ContentDisposition.header("image/png", "chat é.png"))
                .isEqualTo("inline; filename*=utf-8''chat%20%C3%A9.png");
        assertThat(ContentDisposition.header("text/html", "a\"b;\r\nSet-Cookie: x"))
                .isEqualTo("attachment; filename*=utf-8''a%22b%3B%0D%0ASet-Cookie%3A%20x");
    }
}
