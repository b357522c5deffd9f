package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.MatrixException;
import org.lightweb.server.push.PushRule.Kind;

/**
 * The body of PUT /pushrules/global/{kind}/{ruleId} (operationId setPushRule): {@code actions} always,
 * {@code conditions} for override and underride rules (none: the rule always matches), {@code pattern} for
 * content rules. Room and sender rules take their condition from the rule ID. Bad bodies are refused with 400.
 */
final class PushRuleBodies {
    private PushRuleBodies() {}

    static PushRule rule(Kind kind, String ruleId, JsonNode body) {
        var actions = PushActions.validate(body.get("actions"));
        List<PushCondition> conditions = new ArrayList<>();
        String pattern = null;
        if (kind.hasConditions()) {
            JsonNode list = body.get("conditions");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) throw MatrixException.badJson("'conditions' must be an array");
                for (JsonNode c : list) conditions.add(PushCondition.parse(c, true));
            }
        }
        if (kind == Kind.CONTENT) {
            JsonNode p = body.get("pattern");
            if (p == null || p.isNull()) throw MatrixException.missingParam("Content rules need a 'pattern'");
            if (!p.isTextual()) throw MatrixException.badJson("'pattern' must be a string");
            pattern = p.asText();
        }
        return new PushRule(kind, ruleId, false, true, conditions, pattern, actions);
    }
}
