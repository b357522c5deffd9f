package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenGraphTest {
    @Test
    void parseShouldReadOpenGraphMetaTags() {
        var og = OpenGraph.parse("<html><head><title>Ignored</title>"
                + "<meta property=\"og:title\" content=\"Seed &amp; Soil\">"
                + "<META content='A library of seeds' property='og:description' />"
                + "<meta property=og:image content=/img.png></head></html>");
        assertThat(og).containsEntry("og:title", "Seed & Soil").containsEntry("og:description", "A library of seeds")
                .containsEntry("og:image", "/img.png");
    }

    @Test
    void parseShouldFallBackToTitleAndDescriptionWhenThereIsNoOpenGraph() {
        var og = OpenGraph.parse("<title> Plain page </title><meta name=\"description\" content=\"About it\">");
        assertThat(og).containsEntry("og:title", "Plain page").containsEntry("og:description", "About it");
        assertThat(OpenGraph.parse("no html at all")).isEmpty();
    }
}
