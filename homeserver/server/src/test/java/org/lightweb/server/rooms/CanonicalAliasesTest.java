package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

class CanonicalAliasesTest {
    private static ObjectNode content(String json) {
        return (ObjectNode) Json.parse(json);
    }

    @Test
    void addedShouldListEveryAliasWhenThereWasNoEventBefore() {
        assertThat(CanonicalAliases.added(null, content("{\"alias\":\"#a:x\",\"alt_aliases\":[\"#b:x\",\"#a:x\"]}")))
                .containsExactly("#a:x", "#b:x");
    }

    @Test
    void addedShouldLeaveOutAliasesWhenThePreviousEventListedThem() {
        var previous = content("{\"alias\":\"#a:x\",\"alt_aliases\":[\"#b:x\"]}");
        assertThat(CanonicalAliases.added(previous, content("{\"alias\":\"#b:x\",\"alt_aliases\":[\"#a:x\",\"#c:x\"]}")))
                .containsExactly("#c:x");
    }

    @Test
    void addedShouldIgnoreAnEmptyAliasWhenTheRoomDropsItsCanonicalAlias() {
        assertThat(CanonicalAliases.added(null, content("{\"alias\":\"\"}"))).isEmpty();
        assertThat(CanonicalAliases.added(null, content("{\"alias\":null}"))).isEmpty();
    }

    @Test
    void addedShouldFailWithInvalidParamWhenFieldsHaveTheWrongType() {
        for (String bad : new String[] {"{\"alias\":5}", "{\"alt_aliases\":\"#a:x\"}", "{\"alt_aliases\":[1]}"}) {
            assertThatThrownBy(() -> CanonicalAliases.added(null, content(bad))).isInstanceOfSatisfying(MatrixException.class,
                    e -> assertThat(e.errcode().name()).isEqualTo("M_INVALID_PARAM"));
        }
    }

    @Test
    void checkForNewRoomShouldAllowOnlyTheRoomsOwnNewAliasWhenAliasesAreLocal() {
        CanonicalAliases.checkForNewRoom(content("{\"alias\":\"#new:x\",\"alt_aliases\":[\"#far:y\"]}"), "#new:x",
                a -> a.endsWith(":x"));
        assertThatThrownBy(() -> CanonicalAliases.checkForNewRoom(content("{\"alias\":\"#other:x\"}"), "#new:x",
                a -> a.endsWith(":x"))).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.errcode().name()).isEqualTo("M_BAD_ALIAS"));
        assertThatThrownBy(() -> CanonicalAliases.checkForNewRoom(content("{\"alt_aliases\":[\"bad\"]}"), null,
                a -> true)).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.errcode().name()).isEqualTo("M_INVALID_PARAM"));
    }

    @Test
    void withoutShouldRemoveTheAliasWhenItIsCanonicalOrAlternative() {
        var c = content("{\"alias\":\"#a:x\",\"alt_aliases\":[\"#a:x\",\"#b:x\"]}");
        assertThat(CanonicalAliases.without(c, "#a:x")).hasValueSatisfying(
                u -> assertThat(Json.write(u)).isEqualTo("{\"alt_aliases\":[\"#b:x\"]}"));
        assertThat(CanonicalAliases.without(content("{\"alt_aliases\":[\"#b:x\"]}"), "#b:x")).hasValueSatisfying(
                u -> assertThat(u.size()).isZero());
    }

    @Test
    void withoutShouldBeEmptyWhenTheEventDoesNotNameTheAlias() {
        assertThat(CanonicalAliases.without(content("{\"alias\":\"#a:x\",\"alt_aliases\":\"odd\"}"), "#z:x")).isEmpty();
    }
}
