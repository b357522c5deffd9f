package org.lightweb.storage.push;

import static org.lightweb.storage.jooq.Tables.PUSH_RULES;
import static org.lightweb.storage.jooq.Tables.PUSH_RULES_ACTIONS;
import static org.lightweb.storage.jooq.Tables.PUSH_RULES_ENABLE;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqPushRuleRepository implements PushRuleRepository {
    private final Db db;

    public JooqPushRuleRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Map<String, UserRules>> rulesOf(Collection<String> userIds) {
        if (userIds.isEmpty()) return Future.succeededFuture(Map.of());
        return db.read(ctx -> {
            Map<String, List<StoredRule>> rules = new HashMap<>();
            Map<String, Map<String, Boolean>> enabled = new HashMap<>();
            Map<String, Map<String, String>> actions = new HashMap<>();
            var P = PUSH_RULES;
            ctx.selectFrom(P).where(P.USER_ID.in(userIds)).orderBy(P.USER_ID, P.KIND, P.PRIORITY.desc()).forEach(r ->
                    rules.computeIfAbsent(r.getUserId(), k -> new ArrayList<>())
                            .add(new StoredRule(r.getKind(), r.getRuleId(), r.getPriority(), r.getRuleJson())));
            var E = PUSH_RULES_ENABLE;
            ctx.selectFrom(E).where(E.USER_ID.in(userIds)).forEach(r ->
                    enabled.computeIfAbsent(r.getUserId(), k -> new HashMap<>()).put(r.getRuleId(), r.getEnabled()));
            var A = PUSH_RULES_ACTIONS;
            ctx.selectFrom(A).where(A.USER_ID.in(userIds)).forEach(r ->
                    actions.computeIfAbsent(r.getUserId(), k -> new HashMap<>()).put(r.getRuleId(), r.getActions()));
            Map<String, UserRules> out = new HashMap<>();
            for (String u : userIds) {
                out.put(u, new UserRules(rules.getOrDefault(u, List.of()), enabled.getOrDefault(u, Map.of()),
                        actions.getOrDefault(u, Map.of())));
            }
            return out;
        });
    }

    @Override
    public Future<Boolean> put(String userId, String kind, String ruleId, String ruleJson, Position position) {
        return db.write(tx -> {
            var P = PUSH_RULES;
            String relative = position.before() != null ? position.before() : position.after();
            int priority;
            if (relative != null) {
                Integer at = tx.select(P.PRIORITY).from(P)
                        .where(P.USER_ID.eq(userId), P.KIND.eq(kind), P.RULE_ID.eq(relative)).fetchOne(P.PRIORITY);
                if (at == null) return false;
                // Higher priority is checked first: "before" takes the place above the relative rule, "after"
                // takes its place and pushes it (and everything above) up by one.
                priority = position.before() != null ? at + 1 : at;
                tx.update(P).set(P.PRIORITY, P.PRIORITY.plus(1))
                        .where(P.USER_ID.eq(userId), P.KIND.eq(kind), P.PRIORITY.ge(priority)).execute();
            } else {
                Integer max = tx.select(DSL.max(P.PRIORITY)).from(P).where(P.USER_ID.eq(userId), P.KIND.eq(kind))
                        .fetchOne(0, Integer.class);
                priority = max == null ? 0 : max + 1;
            }
            int updated = tx.update(P).set(P.RULE_JSON, ruleJson).set(P.PRIORITY, priority)
                    .where(P.USER_ID.eq(userId), P.KIND.eq(kind), P.RULE_ID.eq(ruleId)).execute();
            if (updated == 0) {
                tx.insertInto(P).set(P.USER_ID, userId).set(P.KIND, kind).set(P.RULE_ID, ruleId).set(P.PRIORITY, priority)
                        .set(P.RULE_JSON, ruleJson).execute();
                deleteEnabled(tx, userId, key(kind, ruleId));   // a new rule starts enabled
            }
            return true;
        });
    }

    @Override
    public Future<Boolean> updateRule(String userId, String kind, String ruleId, String ruleJson) {
        var P = PUSH_RULES;
        return db.write(tx -> tx.update(P).set(P.RULE_JSON, ruleJson)
                .where(P.USER_ID.eq(userId), P.KIND.eq(kind), P.RULE_ID.eq(ruleId)).execute() > 0);
    }

    @Override
    public Future<Boolean> delete(String userId, String kind, String ruleId) {
        var P = PUSH_RULES;
        return db.write(tx -> {
            int deleted = tx.deleteFrom(P).where(P.USER_ID.eq(userId), P.KIND.eq(kind), P.RULE_ID.eq(ruleId)).execute();
            deleteEnabled(tx, userId, key(kind, ruleId));
            return deleted > 0;
        });
    }

    @Override
    public Future<Void> setEnabled(String userId, String key, boolean enabled) {
        var E = PUSH_RULES_ENABLE;
        return db.write(tx -> {
            tx.insertInto(E).set(E.USER_ID, userId).set(E.RULE_ID, key).set(E.ENABLED, enabled)
                    .onConflict(E.USER_ID, E.RULE_ID).doUpdate().set(E.ENABLED, enabled).execute();
            return null;
        });
    }

    @Override
    public Future<Void> setDefaultActions(String userId, String key, String actionsJson) {
        var A = PUSH_RULES_ACTIONS;
        return db.write(tx -> {
            tx.insertInto(A).set(A.USER_ID, userId).set(A.RULE_ID, key).set(A.ACTIONS, actionsJson)
                    .onConflict(A.USER_ID, A.RULE_ID).doUpdate().set(A.ACTIONS, actionsJson).execute();
            return null;
        });
    }

    private static void deleteEnabled(DSLContext tx, String userId, String key) {
        tx.deleteFrom(PUSH_RULES_ENABLE).where(PUSH_RULES_ENABLE.USER_ID.eq(userId), PUSH_RULES_ENABLE.RULE_ID.eq(key))
                .execute();
    }

    private static String key(String kind, String ruleId) {
        return "global/" + kind + "/" + ruleId;
    }
}
