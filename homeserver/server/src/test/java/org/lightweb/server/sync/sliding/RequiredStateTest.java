package org.lightweb.server.sync.sliding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.storage.rooms.StateKeyId;

/** required_state's forms: pairs, wildcards, $LAZY, $ME, the object form with exclude, unions, what is remembered. */
class RequiredStateTest {
    private static final String ME = "@me:kaslo.example";
    private static final StateKeyId NAME = new StateKeyId("m.room.name", "");
    private static final StateKeyId TOPIC = new StateKeyId("m.room.topic", "");

    private static RequiredState parse(String json) {
        return RequiredState.parse(Json.parse(json));
    }

    private static StateKeyId member(String user) {
        return new StateKeyId("m.room.member", user);
    }

    @Test
    void pairsShouldMatchExactlyWhenNoWildcardIsUsed() {
        RequiredState rs = parse("[[\"m.room.name\",\"\"]]").expand(ME, Set.of());
        assertThat(rs.matches(NAME)).isTrue();
        assertThat(rs.matches(TOPIC)).isFalse();
        assertThat(rs.matches(new StateKeyId("m.room.name", "x"))).isFalse();
    }

    @Test
    void wildcardsShouldMatchAnyTypeOrKeyWhenGiven() {
        assertThat(parse("[[\"*\",\"*\"]]").expand(ME, Set.of()).matches(TOPIC)).isTrue();
        RequiredState members = parse("[[\"m.room.member\",\"*\"]]").expand(ME, Set.of());
        assertThat(members.matches(member("@x:y"))).isTrue();
        assertThat(members.matches(TOPIC)).isFalse();
        assertThat(parse("[[\"*\",\"\"]]").expand(ME, Set.of()).matches(TOPIC)).isTrue();
    }

    @Test
    void lazyShouldMatchOnlyTheMembersItIsExpandedWithWhenLazyLoading() {
        RequiredState lazy = parse("[[\"m.room.member\",\"$LAZY\"]]");
        assertThat(lazy.lazyMembers()).isTrue();
        RequiredState expanded = lazy.expand(ME, Set.of("@a:y"));
        assertThat(expanded.matches(member("@a:y"))).isTrue();
        assertThat(expanded.matches(member("@b:y"))).isFalse();
        assertThat(lazy.expand(ME, Set.of()).matches(member("$LAZY"))).isFalse();
    }

    @Test
    void meShouldBecomeTheUserWhenExpanded() {
        RequiredState me = parse("[[\"m.room.member\",\"$ME\"]]").expand(ME, Set.of());
        assertThat(me.matches(member(ME))).isTrue();
        assertThat(me.matches(member("@other:y"))).isFalse();
    }

    @Test
    void objectFormShouldIncludeExcludeAndLazyLoadWhenGiven() {
        RequiredState rs = parse("{\"include\":[{}],\"exclude\":[{\"type\":\"m.room.member\"}],\"lazy_members\":true}")
                .expand(ME, Set.of("@a:y"));
        assertThat(rs.matches(TOPIC)).isTrue();
        assertThat(rs.matches(member("@b:y"))).isFalse();
        assertThat(rs.matches(member("@a:y"))).isTrue();   // lazily loaded members are not excluded
    }

    @Test
    void unionShouldBeTheSupersetWhenConfigsAreCombined() {
        RequiredState u = parse("[[\"m.room.name\",\"\"]]").union(parse("[[\"m.room.topic\",\"\"],[\"m.room.member\",\"$LAZY\"]]"));
        assertThat(u.lazyMembers()).isTrue();
        RequiredState e = u.expand(ME, Set.of());
        assertThat(e.matches(NAME)).isTrue();
        assertThat(e.matches(TOPIC)).isTrue();
    }

    @Test
    void rememberingShouldKeepLazyMembersSentBeforeWhenLazyLoading() {
        RequiredState before = parse("[[\"m.room.member\",\"$LAZY\"]]").expand(ME, Set.of("@a:y"));
        RequiredState now = parse("[[\"m.room.member\",\"$LAZY\"]]").expand(ME, Set.of("@b:y")).remembering(before, 100);
        assertThat(now.matches(member("@a:y"))).isTrue();
        assertThat(now.matches(member("@b:y"))).isTrue();
        RequiredState capped = parse("[[\"m.room.member\",\"$LAZY\"]]").expand(ME, Set.of("@b:y")).remembering(before, 2);
        assertThat(capped.matches(member("@a:y"))).isFalse();   // "$LAZY" and @b:y fill the two places
    }

    @Test
    void badShapesShouldBeRefusedWhenParsed() {
        for (String bad : new String[] {"[[\"m.room.name\"]]", "[[1,2]]", "\"*\"", "{\"include\":{}}", "{\"lazy_members\":1}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(MatrixException.class)
                    .extracting(e -> ((MatrixException) e).errcode().name()).isEqualTo("M_BAD_JSON");
        }
    }
}
