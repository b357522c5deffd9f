package org.lightweb.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.push.PushRuleRepository.StoredRule;
import org.lightweb.storage.push.PushRuleRepository.UserRules;

/** Kinds are checked override, content, room, sender, underride; the user's rules before the defaults of a kind. */
class PushRuleOrderTest {
    private static final String ME = "@alice:kaslo.example";
    private static final String ROOM = "!r:kaslo.example";
    private static final String BOB = "@bob:kaslo.example";

    private static StoredRule rule(String kind, String id, int priority, String json) {
        return new StoredRule(kind, id, priority, json);
    }

    private static PushRuleSet rules(Map<String, Boolean> enabled, StoredRule... own) {
        return PushRuleSet.of(ME, new UserRules(List.of(own), enabled, Map.of()));
    }

    private static ObjectNode message(String body) {
        ObjectNode e = Json.object().put("type", "m.room.message").put("sender", BOB).put("room_id", ROOM);
        e.putObject("content").put("msgtype", "m.text").put("body", body);
        return e;
    }

    private static Optional<String> decides(PushRuleSet set, ObjectNode event) {
        return PushRuleEvaluator.firstMatch(set, new PushRuleEvaluator.Input(event, 5, 0, null), null).map(PushRule::ruleId);
    }

    @Test
    void ownOverrideRulesShouldComeBeforeDefaultOverridesButAfterMaster() {
        PushRuleSet set = rules(Map.of(), rule("override", "mine", 0, "{\"conditions\":[],\"actions\":[\"notify\"]}"));
        assertThat(set.rules().get(0).ruleId()).isEqualTo(".m.rule.master");
        assertThat(set.rules().get(1).ruleId()).isEqualTo("mine");
        ObjectNode notice = message("x");
        ((ObjectNode) notice.get("content")).put("msgtype", "m.notice");
        assertThat(decides(set, notice)).contains("mine");
    }

    @Test
    void roomRulesShouldBeatSenderRulesAndContentRulesShouldBeatBoth() {
        PushRuleSet set = rules(Map.of(), rule("room", ROOM, 0, "{\"actions\":[]}"),
                rule("sender", BOB, 0, "{\"actions\":[\"notify\"]}"),
                rule("content", "cake", 0, "{\"pattern\":\"cake\",\"actions\":[\"notify\"]}"));
        assertThat(decides(set, message("hello"))).contains(ROOM);
        assertThat(decides(set, message("cake time"))).contains("cake");
        ObjectNode elsewhere = message("hello");
        elsewhere.put("room_id", "!other:kaslo.example");
        assertThat(decides(set, elsewhere)).contains(BOB);
        elsewhere.put("sender", "@carol:kaslo.example");
        assertThat(decides(set, elsewhere)).contains(".m.rule.message");
    }

    @Test
    void ownContentRulesShouldComeBeforeTheDefaultContentRule() {
        PushRuleSet set = rules(Map.of(), rule("content", "quiet", 0, "{\"pattern\":\"alice\",\"actions\":[]}"));
        assertThat(decides(set, message("hey alice"))).contains("quiet");
    }

    @Test
    void ownUnderrideRulesShouldComeBeforeDefaultUnderridesAndAfterEverythingElse() {
        String all = "{\"conditions\":[{\"kind\":\"event_match\",\"key\":\"type\",\"pattern\":\"m.room.*\"}],\"actions\":[]}";
        PushRuleSet set = rules(Map.of(), rule("underride", "catchall", 0, all));
        assertThat(decides(set, message("hello"))).contains("catchall");
        assertThat(decides(set, message("hello alice"))).contains(".m.rule.contains_user_name");
    }

    @Test
    void higherPriorityShouldWinWithinAKind() {
        PushRuleSet set = rules(Map.of(),
                rule("content", "time", 2, "{\"pattern\":\"time\",\"actions\":[\"notify\"]}"),
                rule("content", "tea", 1, "{\"pattern\":\"tea\",\"actions\":[]}"));
        assertThat(decides(set, message("It's time for tea"))).contains("time");
    }

    @Test
    void disabledRulesShouldBeSkipped() {
        PushRuleSet set = rules(Map.of("global/room/" + ROOM, false, "global/underride/.m.rule.message", false),
                rule("room", ROOM, 0, "{\"actions\":[]}"));
        assertThat(decides(set, message("hello"))).isEmpty();
    }

    @Test
    void historicalActionsShouldBeStrippedSoDontNotifyMeansNothing() {
        PushRuleSet set = rules(Map.of(), rule("room", ROOM, 0, "{\"actions\":[\"dont_notify\",\"coalesce\"]}"));
        var actions = PushRuleEvaluator.evaluate(set, new PushRuleEvaluator.Input(message("hi"), 5, 0, null), null);
        assertThat(actions).isEmpty();
    }

    @Test
    void changedDefaultActionsShouldApply() {
        PushRuleSet set = PushRuleSet.of(ME, new UserRules(List.of(), Map.of(),
                Map.of("global/underride/.m.rule.message", "[\"notify\",{\"set_tweak\":\"highlight\"}]")));
        var actions = PushRuleEvaluator.evaluate(set, new PushRuleEvaluator.Input(message("hi"), 5, 0, null), null);
        assertThat(PushActions.highlights(actions)).isTrue();
    }

    @Test
    void clientJsonShouldShowEachKindWithConditionsOrPattern() {
        PushRuleSet set = rules(Map.of(), rule("content", "cake", 0, "{\"pattern\":\"cake*lie\",\"actions\":[]}"));
        var global = set.toClientJson().path("global");
        assertThat(global.path("content").get(0).path("rule_id").asText()).isEqualTo("cake");
        assertThat(global.path("content").get(0).path("pattern").asText()).isEqualTo("cake*lie");
        assertThat(global.path("content").get(0).path("default").asBoolean()).isFalse();
        assertThat(global.path("content").get(1).path("pattern").asText()).isEqualTo("alice");
        assertThat(global.path("override").get(0).path("rule_id").asText()).isEqualTo(".m.rule.master");
        assertThat(global.path("override").get(0).has("conditions")).isTrue();
        assertThat(global.path("room").isArray()).isTrue();
        assertThat(global.path("sender").isArray()).isTrue();
        assertThat(global.path("underride").size()).isEqualTo(5);
        assertThat(global.toString()).contains("\"pattern\":\"" + ME + "\"");
    }
}
