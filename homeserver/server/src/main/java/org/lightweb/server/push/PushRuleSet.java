package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.server.push.PushRule.Kind;
import org.lightweb.storage.push.PushRuleRepository;

/**
 * A user's whole ruleset, in evaluation order: {@code .m.rule.master} first, then for each kind the user's own
 * rules (highest priority first) before the server-default ones of that kind (push module, "Predefined Rules":
 * server-default rules have a lower priority than user-defined ones, except the master rule).
 */
final class PushRuleSet {
    private final List<PushRule> ordered;

    PushRuleSet(List<PushRule> ordered) {
        this.ordered = List.copyOf(ordered);
    }

    /** The ruleset of {@code userId} from what the user changed ({@code stored}) and the server defaults. */
    static PushRuleSet of(String userId, PushRuleRepository.UserRules stored) {
        List<PushRule> own = new ArrayList<>();
        for (PushRuleRepository.StoredRule s : stored.rules()) {
            Optional<Kind> kind = Kind.of(s.kind());
            if (kind.isEmpty()) continue;
            Boolean on = stored.enabled().get(PushRule.key(kind.get(), s.ruleId()));
            own.add(PushRule.fromStored(kind.get(), s.ruleId(), on == null || on, s.ruleJson()));
        }
        List<PushRule> out = new ArrayList<>();
        out.add(adjusted(DefaultRules.master(), stored));
        for (Kind kind : Kind.values()) {
            own.stream().filter(r -> r.kind() == kind).forEach(out::add);
            List<PushRule> defaults = switch (kind) {
                case OVERRIDE -> DefaultRules.override(userId);
                case CONTENT -> DefaultRules.content(userId);
                case UNDERRIDE -> DefaultRules.underride();
                case ROOM, SENDER -> List.<PushRule>of();
            };
            defaults.forEach(d -> out.add(adjusted(d, stored)));
        }
        return new PushRuleSet(out);
    }

    /** A server-default rule with the user's enabled flag and actions, when the user changed them. */
    private static PushRule adjusted(PushRule rule, PushRuleRepository.UserRules stored) {
        PushRule r = rule;
        Boolean on = stored.enabled().get(rule.key());
        if (on != null) r = r.withEnabled(on);
        String actions = stored.defaultActions().get(rule.key());
        if (actions != null) {
            JsonNode parsed = Json.parse(actions);
            if (parsed.isArray()) r = r.withActions((ArrayNode) parsed);
        }
        return r;
    }

    /** Every rule, in the order they are checked. */
    List<PushRule> rules() { return ordered; }

    Optional<PushRule> find(Kind kind, String ruleId) {
        return ordered.stream().filter(r -> r.kind() == kind && r.ruleId().equals(ruleId)).findFirst();
    }

    /** The user's own rules of a kind, highest priority first. */
    List<PushRule> own(Kind kind) {
        return ordered.stream().filter(r -> r.kind() == kind && !r.isDefault()).toList();
    }

    /** How many rules the user made, over all kinds. */
    long ownCount() {
        return ordered.stream().filter(r -> !r.isDefault()).count();
    }

    /** The {@code global} ruleset as the push rules API shows it (spec: PushRuleset). */
    ObjectNode globalJson() {
        ObjectNode global = Json.object();
        for (Kind kind : Kind.values()) {
            ArrayNode list = global.putArray(kind.wire());
            ordered.stream().filter(r -> r.kind() == kind).forEach(r -> list.add(r.toClientJson()));
        }
        return global;
    }

    /** {@code {"global": ...}}: GET /pushrules/ and the content of the m.push_rules account data. */
    ObjectNode toClientJson() {
        ObjectNode o = Json.object();
        o.set("global", globalJson());
        return o;
    }
}
