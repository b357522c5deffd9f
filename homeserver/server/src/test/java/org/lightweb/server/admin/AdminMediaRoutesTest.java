package org.lightweb.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminMediaRoutesTest {
    @Test
    void mxcUrisShouldFindEveryDistinctUriWhenEventsNestThem() {
        String file = "{\"content\":{\"msgtype\":\"m.image\",\"url\":\"mxc://example.org/abc_1\","
                + "\"info\":{\"thumbnail_url\":\"mxc://other.example:8448/T-2\"}}}";
        String member = "{\"content\":{\"membership\":\"join\",\"avatar_url\":\"mxc://example.org/abc_1\"}}";
        String encrypted = "{\"content\":{\"file\":{\"url\":\"mxc://[::1]:8448/enc\"}}}";
        assertThat(AdminMediaRoutes.mxcUris(List.of(file, member, encrypted))).containsExactly(
                List.of("example.org", "abc_1"), List.of("other.example:8448", "T-2"), List.of("[::1]:8448", "enc"));
    }

    @Test
    void mxcUrisShouldIgnoreTextWhenItIsNotAnMxcUri() {
        String body = "{\"content\":{\"body\":\"see mxc:// or mxc://example.org/ and https://example.org/x\"}}";
        assertThat(AdminMediaRoutes.mxcUris(List.of(body))).isEmpty();
    }
}
