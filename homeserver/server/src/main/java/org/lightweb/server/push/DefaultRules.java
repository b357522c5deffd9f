package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.push.PushCondition.ContainsDisplayName;
import org.lightweb.server.push.PushCondition.EventMatch;
import org.lightweb.server.push.PushCondition.EventPropertyContains;
import org.lightweb.server.push.PushCondition.EventPropertyIs;
import org.lightweb.server.push.PushCondition.RoomMemberCount;
import org.lightweb.server.push.PushCondition.SenderNotificationPermission;
import org.lightweb.server.push.PushRule.Kind;

/**
 * The server-default rules (push module, "Predefined Rules"), in the spec's order, for one user: the
 * placeholders "[the user's Matrix ID]" and "[the local part of the user's Matrix ID]" are filled in.
 *
 * <p>Besides the spec's v1.17 list this keeps the three legacy mention rules the spec removed in v1.17
 * ({@code .m.rule.contains_display_name}, {@code .m.rule.roomnotif}, {@code .m.rule.contains_user_name}) where
 * Synapse has them, so clients that still send mentions only in the body keep highlighting; the evaluator skips
 * them for events that carry {@code m.mentions} (MSC3952), as Synapse does.
 */
final class DefaultRules {
    /** The legacy rules that events with {@code content["m.mentions"]} bypass. */
    static final List<String> LEGACY_MENTION_RULES =
            List.of(".m.rule.contains_display_name", ".m.rule.roomnotif", ".m.rule.contains_user_name");

    private DefaultRules() {}

    /** {@code .m.rule.master}: before every other rule, even the user's own. Disabled by default. */
    static PushRule master() {
        return rule(Kind.OVERRIDE, ".m.rule.master", false, List.of(), actions());
    }

    /** The default override rules that come after the user's own override rules. */
    static List<PushRule> override(String userId) {
        List<PushRule> r = new ArrayList<>();
        r.add(rule(Kind.OVERRIDE, ".m.rule.suppress_notices", true,
                List.of(new EventMatch("content.msgtype", "m.notice")), actions()));
        r.add(rule(Kind.OVERRIDE, ".m.rule.invite_for_me", true, List.of(new EventMatch("type", "m.room.member"),
                new EventMatch("content.membership", "invite"), new EventMatch("state_key", userId)),
                actions("notify", "sound:default")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.member_event", true, List.of(new EventMatch("type", "m.room.member")), actions()));
        r.add(rule(Kind.OVERRIDE, ".m.rule.is_user_mention", true,
                List.of(new EventPropertyContains("content.m\\.mentions.user_ids", TextNode.valueOf(userId))),
                actions("notify", "sound:default", "highlight")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.contains_display_name", true, List.of(new ContainsDisplayName()),
                actions("notify", "sound:default", "highlight")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.is_room_mention", true,
                List.of(new EventPropertyIs("content.m\\.mentions.room", BooleanNode.TRUE),
                        new SenderNotificationPermission("room")),
                actions("notify", "highlight")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.roomnotif", true,
                List.of(new SenderNotificationPermission("room"), new EventMatch("content.body", "@room")),
                actions("notify", "highlight")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.tombstone", true,
                List.of(new EventMatch("type", "m.room.tombstone"), new EventMatch("state_key", "")),
                actions("notify", "highlight")));
        r.add(rule(Kind.OVERRIDE, ".m.rule.reaction", true, List.of(new EventMatch("type", "m.reaction")), actions()));
        r.add(rule(Kind.OVERRIDE, ".m.rule.room.server_acl", true,
                List.of(new EventMatch("type", "m.room.server_acl"), new EventMatch("state_key", "")), actions()));
        r.add(rule(Kind.OVERRIDE, ".m.rule.suppress_edits", true,
                List.of(new EventPropertyIs("content.m\\.relates_to.rel_type", TextNode.valueOf("m.replace"))), actions()));
        return r;
    }

    /** The default content rules, after the user's own content rules. */
    static List<PushRule> content(String userId) {
        String localpart = userId.substring(1, userId.indexOf(':') < 0 ? userId.length() : userId.indexOf(':'));
        return List.of(new PushRule(Kind.CONTENT, ".m.rule.contains_user_name", true, true, List.of(), localpart,
                actions("notify", "sound:default", "highlight")));
    }

    /** The default underride rules, after the user's own underride rules: the last rules checked. */
    static List<PushRule> underride() {
        return List.of(
                rule(Kind.UNDERRIDE, ".m.rule.call", true, List.of(new EventMatch("type", "m.call.invite")),
                        actions("notify", "sound:ring")),
                rule(Kind.UNDERRIDE, ".m.rule.encrypted_room_one_to_one", true,
                        List.of(new RoomMemberCount("2"), new EventMatch("type", "m.room.encrypted")),
                        actions("notify", "sound:default")),
                rule(Kind.UNDERRIDE, ".m.rule.room_one_to_one", true,
                        List.of(new RoomMemberCount("2"), new EventMatch("type", "m.room.message")),
                        actions("notify", "sound:default")),
                rule(Kind.UNDERRIDE, ".m.rule.message", true, List.of(new EventMatch("type", "m.room.message")),
                        actions("notify")),
                rule(Kind.UNDERRIDE, ".m.rule.encrypted", true, List.of(new EventMatch("type", "m.room.encrypted")),
                        actions("notify")));
    }

    private static PushRule rule(Kind kind, String id, boolean enabled, List<PushCondition> conditions, ArrayNode actions) {
        return new PushRule(kind, id, true, enabled, conditions, null, actions);
    }

    /** "notify", "highlight" (tweak without value) and "sound:NAME" (the sound tweak). */
    private static ArrayNode actions(String... names) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String n : names) {
            if (n.equals("notify")) out.add("notify");
            else if (n.equals("highlight")) out.addObject().put("set_tweak", "highlight");
            else out.addObject().put("set_tweak", "sound").put("value", n.substring("sound:".length()));
        }
        return out;
    }
}
