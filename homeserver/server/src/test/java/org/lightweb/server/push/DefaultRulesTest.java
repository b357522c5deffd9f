package org.lightweb.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.push.PushRuleRepository;

/** Each server-default rule matching its events and not others, and the order rules are checked in. */
class DefaultRulesTest {
    private static final String ME = "@alice:kaslo.example";
    private static final PushRuleSet DEFAULTS = PushRuleSet.of(ME, PushRuleRepository.UserRules.NONE);

    private static ObjectNode message(String body) {
        ObjectNode e = Json.object().put("type", "m.room.message").put("sender", "@bob:kaslo.example")
                .put("room_id", "!r:kaslo.example");
        e.putObject("content").put("msgtype", "m.text").put("body", body);
        return e;
    }

    private static ObjectNode event(String type, String stateKey, String content) {
        ObjectNode e = Json.object().put("type", type).put("sender", "@bob:kaslo.example").put("room_id", "!r:kaslo.example");
        if (stateKey != null) e.put("state_key", stateKey);
        e.set("content", Json.parse(content));
        return e;
    }

    private static Optional<String> decides(JsonNode event, long members, long senderLevel) {
        return decides(DEFAULTS, event, members, senderLevel);
    }

    private static Optional<String> decides(PushRuleSet rules, JsonNode event, long members, long senderLevel) {
        return PushRuleEvaluator.firstMatch(rules, new PushRuleEvaluator.Input(event, members, senderLevel, null), "Alice Liddell")
                .map(PushRule::ruleId);
    }

    @Test
    void defaultsShouldListEveryRuleInTheSpecsOrder() {
        assertThat(DEFAULTS.rules().stream().map(PushRule::ruleId).toList()).containsExactly(
                ".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me", ".m.rule.member_event",
                ".m.rule.is_user_mention", ".m.rule.contains_display_name", ".m.rule.is_room_mention",
                ".m.rule.roomnotif", ".m.rule.tombstone", ".m.rule.reaction", ".m.rule.room.server_acl",
                ".m.rule.suppress_edits", ".m.rule.contains_user_name", ".m.rule.call",
                ".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted");
    }

    @Test
    void masterShouldSilenceEverythingWhenEnabled() {
        assertThat(DEFAULTS.find(PushRule.Kind.OVERRIDE, ".m.rule.master").orElseThrow().enabled()).isFalse();
        var muted = PushRuleSet.of(ME, new PushRuleRepository.UserRules(List.of(),
                Map.of("global/override/.m.rule.master", true), Map.of()));
        assertThat(decides(muted, message("hi @alice"), 5, 100)).contains(".m.rule.master");
        assertThat(PushRuleEvaluator.evaluate(muted, new PushRuleEvaluator.Input(message("x"), 2, 0, null), null)).isEmpty();
    }

    @Test
    void suppressNoticesShouldMatchNoticesOnly() {
        ObjectNode notice = message("bot says");
        ((ObjectNode) notice.get("content")).put("msgtype", "m.notice");
        assertThat(decides(notice, 5, 0)).contains(".m.rule.suppress_notices");
        assertThat(decides(message("text"), 5, 0)).contains(".m.rule.message");
    }

    @Test
    void inviteForMeShouldMatchInvitesOfThisUserOnly() {
        assertThat(decides(event("m.room.member", ME, "{\"membership\":\"invite\"}"), 5, 0)).contains(".m.rule.invite_for_me");
        assertThat(decides(event("m.room.member", "@carol:kaslo.example", "{\"membership\":\"invite\"}"), 5, 0))
                .contains(".m.rule.member_event");
        assertThat(decides(event("m.room.member", ME, "{\"membership\":\"join\"}"), 5, 0)).contains(".m.rule.member_event");
    }

    @Test
    void isUserMentionShouldHighlightWhenMentionsListTheUser() {
        ObjectNode e = message("hello");
        ((ObjectNode) e.get("content")).putObject("m.mentions").putArray("user_ids").add(ME);
        assertThat(decides(e, 5, 0)).contains(".m.rule.is_user_mention");
        ObjectNode other = message("hello");
        ((ObjectNode) other.get("content")).putObject("m.mentions").putArray("user_ids").add("@carol:kaslo.example");
        assertThat(decides(other, 5, 0)).contains(".m.rule.message");
    }

    @Test
    void containsDisplayNameShouldMatchUnlessTheEventCarriesMentions() {
        assertThat(decides(message("is Alice Liddell here?"), 5, 0)).contains(".m.rule.contains_display_name");
        ObjectNode withMentions = message("is Alice Liddell here?");
        ((ObjectNode) withMentions.get("content")).putObject("m.mentions");
        assertThat(decides(withMentions, 5, 0)).as("MSC3952: legacy rules skipped").contains(".m.rule.message");
        assertThat(decides(message("is Liddell here?"), 5, 0)).contains(".m.rule.message");
    }

    @Test
    void isRoomMentionShouldNeedTheSendersPower() {
        ObjectNode e = message("everyone");
        ((ObjectNode) e.get("content")).putObject("m.mentions").put("room", true);
        assertThat(decides(e, 5, 50)).contains(".m.rule.is_room_mention");
        assertThat(decides(e, 5, 0)).contains(".m.rule.message");
    }

    @Test
    void roomNotifShouldMatchAtRoomFromPowerfulSenders() {
        assertThat(decides(message("@room lunch!"), 5, 50)).contains(".m.rule.roomnotif");
        assertThat(decides(message("@room lunch!"), 5, 0)).contains(".m.rule.message");
        assertThat(decides(message("@roomy"), 5, 50)).contains(".m.rule.message");
    }

    @Test
    void tombstoneShouldMatchTheStateEventOnly() {
        assertThat(decides(event("m.room.tombstone", "", "{\"replacement_room\":\"!n:x\"}"), 5, 100)).contains(".m.rule.tombstone");
        assertThat(decides(event("m.room.tombstone", null, "{}"), 5, 100)).isEmpty();
    }

    @Test
    void reactionShouldBeSilent() {
        assertThat(decides(event("m.reaction", null, "{}"), 2, 0)).contains(".m.rule.reaction");
    }

    @Test
    void serverAclShouldBeSilentForTheStateEvent() {
        assertThat(decides(event("m.room.server_acl", "", "{}"), 5, 100)).contains(".m.rule.room.server_acl");
        assertThat(decides(event("m.room.server_acl", "x", "{}"), 5, 100)).isEmpty();
    }

    @Test
    void suppressEditsShouldSilenceReplacements() {
        ObjectNode edit = message("* fixed");
        ((ObjectNode) edit.get("content")).putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", "$x");
        assertThat(decides(edit, 2, 0)).contains(".m.rule.suppress_edits");
    }

    @Test
    void containsUserNameShouldMatchTheLocalpartAsAWord() {
        assertThat(decides(message("ask alice"), 5, 0)).contains(".m.rule.contains_user_name");
        assertThat(decides(message("ask alicent"), 5, 0)).contains(".m.rule.message");
    }

    @Test
    void callShouldRing() {
        assertThat(decides(event("m.call.invite", null, "{}"), 5, 0)).contains(".m.rule.call");
        assertThat(PushRuleEvaluator.evaluate(DEFAULTS, new PushRuleEvaluator.Input(event("m.call.invite", null, "{}"), 5, 0, null), null)
                .toString()).contains("ring");
    }

    @Test
    void oneToOneRulesShouldNeedExactlyTwoMembers() {
        assertThat(decides(event("m.room.encrypted", null, "{}"), 2, 0)).contains(".m.rule.encrypted_room_one_to_one");
        assertThat(decides(event("m.room.encrypted", null, "{}"), 3, 0)).contains(".m.rule.encrypted");
        assertThat(decides(message("hi"), 2, 0)).contains(".m.rule.room_one_to_one");
        assertThat(decides(message("hi"), 3, 0)).contains(".m.rule.message");
    }

    @Test
    void otherEventsShouldMatchNoRule() {
        assertThat(decides(event("m.room.name", "", "{\"name\":\"x\"}"), 5, 100)).isEmpty();
        assertThat(decides(event("m.room.redaction", null, "{}"), 2, 100)).isEmpty();
    }

    @Test
    void actionsShouldTellNotifyAndHighlight() {
        var in = new PushRuleEvaluator.Input(message("Alice Liddell?"), 5, 0, null);
        JsonNode actions = PushRuleEvaluator.evaluate(DEFAULTS, in, "Alice Liddell");
        assertThat(PushActions.notifies(actions)).isTrue();
        assertThat(PushActions.highlights(actions)).isTrue();
        JsonNode plain = PushRuleEvaluator.evaluate(DEFAULTS, new PushRuleEvaluator.Input(message("hi"), 5, 0, null), "Alice Liddell");
        assertThat(PushActions.notifies(plain)).isTrue();
        assertThat(PushActions.highlights(plain)).isFalse();
        assertThat(PushActions.highlights(Json.parse("[{\"set_tweak\":\"highlight\",\"value\":false}]"))).isFalse();
    }
    @Test
    void membersSharingOneEventsEvaluationShouldEachGetTheirOwnMentions() {
        PushRuleSet carol = PushRuleSet.of("@carol:kaslo.example", PushRuleRepository.UserRules.NONE);
        // What one member's conditions came to is kept for the others: never what depends on who they are.
        var byName = new PushRuleEvaluator.Input(message("Carol, tea?"), 5, 0, null);
        assertThat(PushActions.highlights(PushRuleEvaluator.evaluate(DEFAULTS, byName, "Alice Liddell"))).isFalse();
        assertThat(PushActions.highlights(PushRuleEvaluator.evaluate(carol, byName, "Carol"))).isTrue();
        assertThat(PushActions.highlights(PushRuleEvaluator.evaluate(DEFAULTS, byName, "Alice Liddell"))).isFalse();

        ObjectNode mention = message("hello");
        ((ObjectNode) mention.path("content")).putObject("m.mentions").putArray("user_ids").add(ME);
        var byId = new PushRuleEvaluator.Input(mention, 5, 0, null);
        assertThat(PushActions.highlights(PushRuleEvaluator.evaluate(carol, byId, "Carol"))).isFalse();
        assertThat(PushActions.highlights(PushRuleEvaluator.evaluate(DEFAULTS, byId, "Alice Liddell"))).isTrue();
        assertThat(PushActions.notifies(PushRuleEvaluator.evaluate(carol, byId, "Carol"))).isTrue();
    }
}
