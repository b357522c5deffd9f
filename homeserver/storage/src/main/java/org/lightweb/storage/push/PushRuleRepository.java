package org.lightweb.storage.push;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What users changed about their push rules: their own rules (table push_rules), enabled flags of any rule
 * (push_rules_enable) and the actions of server-default rules (push_rules_actions). The server-default rules
 * themselves live in code. Rules are keyed {@code global/<kind>/<rule_id>} in the last two tables.
 */
public interface PushRuleRepository {
    /** One of a user's own rules; {@code ruleJson} holds its conditions or pattern, and actions. */
    record StoredRule(String kind, String ruleId, int priority, String ruleJson) {}

    /**
     * Everything a user changed.
     *
     * @param rules          own rules, by kind, highest priority first
     * @param enabled        enabled flags set by the user, by key
     * @param defaultActions actions of server-default rules changed by the user, by key (JSON arrays)
     */
    record UserRules(List<StoredRule> rules, Map<String, Boolean> enabled, Map<String, String> defaultActions) {
        public static final UserRules NONE = new UserRules(List.of(), Map.of(), Map.of());
    }

    /** Where a new or replaced rule goes among the user's rules of its kind. */
    record Position(String before, String after) {
        public static final Position TOP = new Position(null, null);
    }

    /** What each user changed; users who changed nothing map to {@link UserRules#NONE}. */
    Future<Map<String, UserRules>> rulesOf(Collection<String> userIds);

    /**
     * Adds or replaces one of the user's rules: at the top of its kind, or just before (more important than) or
     * just after the user's rule {@code position.before()} / {@code position.after()} of the same kind
     * ({@code before} wins when both are given). A new rule starts enabled; a replaced one keeps its flag.
     *
     * @return false when the relative rule does not exist (nothing was written)
     */
    Future<Boolean> put(String userId, String kind, String ruleId, String ruleJson, Position position);

    /** Replaces the stored JSON of an existing own rule (its actions changed); false when there is none. */
    Future<Boolean> updateRule(String userId, String kind, String ruleId, String ruleJson);

    /** Deletes an own rule and its enabled flag; false when there is none. */
    Future<Boolean> delete(String userId, String kind, String ruleId);

    Future<Void> setEnabled(String userId, String key, boolean enabled);

    /** Sets the actions of a server-default rule for one user. */
    Future<Void> setDefaultActions(String userId, String key, String actionsJson);
}
