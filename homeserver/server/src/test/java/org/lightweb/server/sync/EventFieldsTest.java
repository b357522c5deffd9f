package org.lightweb.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;

class EventFieldsTest {
    private static final ObjectNode EVENT = (ObjectNode) Json.parse(
            "{\"type\":\"m.room.message\",\"sender\":\"@a:x\",\"content\":{\"body\":\"hi\",\"msgtype\":\"m.text\","
                    + "\"m.relates_to\":{\"rel_type\":\"m.thread\"}},\"unsigned\":{\"age\":5}}");

    @Test
    void splitShouldHonourEscapedDotsAndBackslashesWhenPresent() {
        assertThat(EventFields.split("content.m\\.relates_to.rel_type")).containsExactly("content", "m.relates_to", "rel_type");
        assertThat(EventFields.split("a\\\\.b")).containsExactly("a\\", "b");
        assertThat(EventFields.split("type")).containsExactly("type");
    }

    @Test
    void onlyShouldKeepTheListedPathsWhenTheyExist() {
        ObjectNode out = EventFields.only(EVENT, List.of("type", "content.body", "content.m\\.relates_to.rel_type", "nope.x"));
        assertThat(Json.write(out)).isEqualTo(
                "{\"type\":\"m.room.message\",\"content\":{\"body\":\"hi\",\"m.relates_to\":{\"rel_type\":\"m.thread\"}}}");
    }

    @Test
    void onlyShouldNeverChangeTheEventWhenAWholeObjectAndOneOfItsFieldsAreListed() {
        String before = Json.write(EVENT);
        ObjectNode out = EventFields.only(EVENT, List.of("content", "content.body"));
        out.with("content").put("body", "changed");
        assertThat(Json.write(EVENT)).isEqualTo(before);
    }
}
