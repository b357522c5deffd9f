package org.lightweb.server.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.push.PushCondition.ContainsDisplayName;
import org.lightweb.server.push.PushCondition.EventMatch;
import org.lightweb.server.push.PushCondition.EventPropertyContains;
import org.lightweb.server.push.PushCondition.EventPropertyIs;
import org.lightweb.server.push.PushCondition.RoomMemberCount;
import org.lightweb.server.push.PushCondition.SenderNotificationPermission;

/** Every condition kind of the push module, matching and not matching; the spec's own examples where it has them. */
class PushConditionsTest {
    private static JsonNode event(String json) {
        return Json.parse(json);
    }

    private static boolean holds(PushCondition c, JsonNode event) {
        return PushRuleEvaluator.matches(c, new PushRuleEvaluator.Input(event, 5, 0, null), null);
    }

    private static JsonNode topic(String topic) {
        return Json.object().put("type", "m.room.topic").put("state_key", "").set("content", Json.object().put("topic", topic));
    }

    private static JsonNode body(String body) {
        return Json.object().put("type", "m.room.message").set("content", Json.object().put("body", body));
    }

    @Test
    void eventMatchShouldMatchTheWholeValueCaseInsensitivelyWhenTheKeyIsNotTheBody() {
        EventMatch lunch = new EventMatch("content.topic", "lunc?*");
        assertThat(holds(lunch, topic("Lunch plans"))).isTrue();
        assertThat(holds(lunch, topic("LUNCH"))).isTrue();
        assertThat(holds(lunch, topic(" lunch"))).isFalse();
        assertThat(holds(lunch, topic("lunc"))).isFalse();
        assertThat(holds(lunch, event("{\"type\":\"m.room.topic\",\"content\":{\"topic\":null}}"))).isFalse();
    }

    @Test
    void eventMatchShouldNotMatchWhenThePropertyIsAbsentOrNotAString() {
        assertThat(holds(new EventMatch("content.topic", "*"), event("{\"content\":{}}"))).isFalse();
        assertThat(holds(new EventMatch("content.n", "*"), event("{\"content\":{\"n\":3}}"))).isFalse();
        assertThat(holds(new EventMatch("content", "*"), event("{\"content\":{}}"))).isFalse();
    }

    @Test
    void eventMatchShouldMatchWordsInTheBodyWhenTheKeyIsContentBody() {
        EventMatch example = new EventMatch("content.body", "ex*ple");
        assertThat(holds(example, body("An example event."))).isTrue();
        assertThat(holds(example, body("exple"))).isTrue();
        assertThat(holds(example, body("An exciting triple-whammy"))).isTrue();
        assertThat(holds(example, body("examples"))).isFalse();
        assertThat(holds(new EventMatch("content.body", "cake"), body("I like CAKE!"))).isTrue();
        assertThat(holds(new EventMatch("content.body", "cake"), body("cupcakes"))).isFalse();
        assertThat(holds(new EventMatch("content.body", "cake"), body("cake_walk"))).isFalse();
        assertThat(holds(new EventMatch("content.body", "@room"), body("hi @room, lunch"))).isTrue();
        assertThat(holds(new EventMatch("content.body", "a?c"), body("x abc y"))).isTrue();
        assertThat(holds(new EventMatch("content.body", "a.c"), body("x abc y"))).as("dots are literal").isFalse();
    }

    @Test
    void eventMatchShouldFollowEscapedDotsWhenTheKeyHasThem() {
        JsonNode e = event("{\"content\":{\"m.relates_to\":{\"rel_type\":\"m.thread\"}}}");
        assertThat(holds(new EventMatch("content.m\\.relates_to.rel_type", "m.thread"), e)).isTrue();
        assertThat(holds(new EventMatch("content.m.relates_to.rel_type", "m.thread"), e)).isFalse();
    }

    @Test
    void eventPropertyIsShouldMatchExactlyWithoutCastingTypes() {
        JsonNode create = event("{\"type\":\"m.room.create\",\"content\":{\"m.federate\":true,\"n\":42,\"s\":\"x\",\"z\":null}}");
        assertThat(holds(new EventPropertyIs("content.m\\.federate", BooleanNode.TRUE), create)).isTrue();
        assertThat(holds(new EventPropertyIs("content.m\\.federate", TextNode.valueOf("true")), create)).isFalse();
        assertThat(holds(new EventPropertyIs("content.m\\.federate", IntNode.valueOf(1)), create)).isFalse();
        assertThat(holds(new EventPropertyIs("content.n", LongNode.valueOf(42)), create)).isTrue();
        assertThat(holds(new EventPropertyIs("content.s", TextNode.valueOf("X")), create)).as("case matters").isFalse();
        assertThat(holds(new EventPropertyIs("content.z", NullNode.instance), create)).isTrue();
        assertThat(holds(new EventPropertyIs("content.missing", NullNode.instance), create)).isFalse();
        assertThat(holds(new EventPropertyIs("content", NullNode.instance), create)).as("objects never").isFalse();
    }

    @Test
    void eventPropertyContainsShouldMatchWhenTheArrayHoldsTheValue() {
        JsonNode alias = event("{\"content\":{\"alt_aliases\":[\"#somewhere:example.org\",\"#myroom:example.com\",{\"x\":1}]}}");
        assertThat(holds(new EventPropertyContains("content.alt_aliases", TextNode.valueOf("#myroom:example.com")), alias)).isTrue();
        assertThat(holds(new EventPropertyContains("content.alt_aliases", TextNode.valueOf(":example.com")), alias)).isFalse();
        assertThat(holds(new EventPropertyContains("content.nothere", TextNode.valueOf("x")), alias)).isFalse();
        JsonNode notArray = event("{\"content\":{\"alt_aliases\":\"#myroom:example.com\"}}");
        assertThat(holds(new EventPropertyContains("content.alt_aliases", TextNode.valueOf("#myroom:example.com")), notArray)).isFalse();
    }

    @Test
    void containsDisplayNameShouldMatchTheNameAsAWordWhenItIsInTheBody() {
        var in = new PushRuleEvaluator.Input(body("hey Alice Smith, tea?"), 3, 0, null);
        assertThat(PushRuleEvaluator.matches(new ContainsDisplayName(), in, "alice smith")).isTrue();
        assertThat(PushRuleEvaluator.matches(new ContainsDisplayName(), in, "Ali")).isFalse();
        assertThat(PushRuleEvaluator.matches(new ContainsDisplayName(), in, "")).isFalse();
        assertThat(PushRuleEvaluator.matches(new ContainsDisplayName(), in, null)).isFalse();
        var glob = new PushRuleEvaluator.Input(body("ping a.b"), 3, 0, null);
        assertThat(PushRuleEvaluator.matches(new ContainsDisplayName(), glob, "a*")).as("names are literal").isFalse();
    }

    @Test
    void roomMemberCountShouldCompareWithEveryOperator() {
        JsonNode e = body("x");
        var five = new PushRuleEvaluator.Input(e, 5, 0, null);
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("5"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("==5"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("==4"), five, null)).isFalse();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("<6"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("<5"), five, null)).isFalse();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount(">4"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount(">5"), five, null)).isFalse();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("<=5"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("<=4"), five, null)).isFalse();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount(">=5"), five, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount(">=6"), five, null)).isFalse();
        assertThat(PushRuleEvaluator.matches(new RoomMemberCount("=>5"), five, null)).isFalse();
    }

    @Test
    void senderNotificationPermissionShouldUseTheNotificationsLevelsWithFiftyByDefault() {
        JsonNode e = body("@room");
        var levels = Json.object().put("room", 20);
        var moderator = new PushRuleEvaluator.Input(e, 5, 50, null);
        var user = new PushRuleEvaluator.Input(e, 5, 0, null);
        assertThat(PushRuleEvaluator.matches(new SenderNotificationPermission("room"), moderator, null)).isTrue();
        assertThat(PushRuleEvaluator.matches(new SenderNotificationPermission("room"), user, null)).isFalse();
        var lowered = new PushRuleEvaluator.Input(e, 5, 20, levels);
        assertThat(PushRuleEvaluator.matches(new SenderNotificationPermission("room"), lowered, null)).isTrue();
        var below = new PushRuleEvaluator.Input(e, 5, 19, levels);
        assertThat(PushRuleEvaluator.matches(new SenderNotificationPermission("room"), below, null)).isFalse();
    }

    @Test
    void unknownConditionsShouldNeverMatchAndBeKeptAsTheyCame() {
        JsonNode raw = event("{\"kind\":\"org.example.future\",\"key\":\"type\"}");
        PushCondition c = PushCondition.parse(raw, true);
        assertThat(c).isInstanceOf(PushCondition.Unknown.class);
        assertThat(holds(c, body("x"))).isFalse();
        assertThat(c.toJson()).isEqualTo(raw);
    }

    @Test
    void parseShouldRefuseKnownConditionsWithBadParametersWhenStrict() {
        assertThatThrownBy(() -> PushCondition.parse(event("{\"kind\":\"event_match\",\"key\":\"type\"}"), true))
                .isInstanceOf(MatrixException.class);
        assertThatThrownBy(() -> PushCondition.parse(event("{\"kind\":\"room_member_count\",\"is\":\"many\"}"), true))
                .isInstanceOf(MatrixException.class);
        assertThatThrownBy(() -> PushCondition.parse(event("{\"kind\":\"event_property_is\",\"key\":\"a\",\"value\":[1]}"), true))
                .isInstanceOf(MatrixException.class);
        assertThatThrownBy(() -> PushCondition.parse(event("{\"key\":\"a\"}"), true)).isInstanceOf(MatrixException.class);
        assertThat(PushCondition.parse(event("{\"kind\":\"event_match\",\"key\":\"type\"}"), false))
                .isInstanceOf(PushCondition.Unknown.class);
    }

    @Test
    void propertyPathShouldUnescapeDotsAndBackslashesOnly() {
        assertThat(PropertyPath.parse("content.body")).containsExactly("content", "body");
        assertThat(PropertyPath.parse("content.m\\.relates_to")).containsExactly("content", "m.relates_to");
        assertThat(PropertyPath.parse("content.m\\\\foo")).containsExactly("content", "m\\foo");
        assertThat(PropertyPath.parse("content.a\\x")).containsExactly("content", "a\\x");
    }

    @Test
    void globShouldCollapseRunsOfWildcardsWhenBuildingItsRegex() {
        assertThat(Glob.toRegex("a?**?*b")).isEqualTo("\\Qa\\E.{2,}\\Qb\\E");
        assertThat(Glob.toRegex("a???")).isEqualTo("\\Qa\\E.{3}");
        assertThat(Glob.matchesWhole("a*", "A\nb")).as("* spans lines").isTrue();
    }
}
