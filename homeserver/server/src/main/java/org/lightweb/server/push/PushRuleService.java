package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.push.PushRule.Kind;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.sync.AccountData;
import org.lightweb.storage.push.PushRuleRepository;
import org.lightweb.storage.push.PushRuleRepository.Position;

/**
 * Users' push rulesets (push module, "Push Rules: API"): reading them, and the changes a user may make. Every
 * change is written as the user's m.push_rules account data too, which advances the account-data stream and
 * wakes the user's syncs ("Push Rules: Events"). Changes of one user run one at a time.
 */
public final class PushRuleService {
    public static final String ACCOUNT_DATA_TYPE = "m.push_rules";

    private final PushRuleRepository repo;
    private final AccountData accountData;
    private final int maxRulesPerUser;
    private final RoomLinearizer perUser = new RoomLinearizer();
    private final Cache<String, PushRuleSet> cache;

    /**
     * @param maxRulesPerUser how many rules of their own a user may have
     * @param cacheEntries    how many users' rulesets are kept in memory
     */
    public PushRuleService(PushRuleRepository repo, AccountData accountData, int maxRulesPerUser, long cacheEntries) {
        this.repo = repo;
        this.accountData = accountData;
        this.maxRulesPerUser = maxRulesPerUser;
        this.cache = Caffeine.newBuilder().maximumSize(cacheEntries).build();
        // Every change ends in the m.push_rules account data; in a cluster, another process's change arrives so too.
        accountData.addListener((userId, roomId, type) -> {
            if (roomId.isEmpty() && ACCOUNT_DATA_TYPE.equals(type)) cache.invalidate(userId);
        });
    }

    /** The rulesets of several users (for evaluating an event for a room's members). */
    Future<Map<String, PushRuleSet>> rulesOf(Collection<String> userIds) {
        Map<String, PushRuleSet> out = new HashMap<>(cache.getAllPresent(userIds));
        List<String> missing = userIds.stream().filter(u -> !out.containsKey(u)).toList();
        if (missing.isEmpty()) return Future.succeededFuture(out);
        return repo.rulesOf(missing).map(stored -> {
            stored.forEach((user, rules) -> {
                PushRuleSet set = PushRuleSet.of(user, rules);
                cache.put(user, set);
                out.put(user, set);
            });
            return out;
        });
    }

    Future<PushRuleSet> rulesOf(String userId) {
        return rulesOf(List.of(userId)).map(m -> m.get(userId));
    }

    /** GET /pushrules/ and the content of the m.push_rules account data: {@code {"global": ruleset}}. */
    public Future<ObjectNode> all(String userId) {
        return rulesOf(userId).map(PushRuleSet::toClientJson);
    }

    public Future<ObjectNode> global(String userId) {
        return rulesOf(userId).map(PushRuleSet::globalJson);
    }

    public Future<ObjectNode> rule(String userId, String kind, String ruleId) {
        Kind k = kind(kind);
        return rulesOf(userId).map(set -> find(set, k, ruleId).toClientJson());
    }

    public Future<Boolean> enabled(String userId, String kind, String ruleId) {
        Kind k = kind(kind);
        return rulesOf(userId).map(set -> find(set, k, ruleId).enabled());
    }

    public Future<ArrayNode> actions(String userId, String kind, String ruleId) {
        Kind k = kind(kind);
        return rulesOf(userId).map(set -> find(set, k, ruleId).actions().deepCopy());
    }

    /**
     * PUT /pushrules/global/{kind}/{ruleId}: creates or replaces one of the user's rules, at the top of its kind
     * or next to one of the user's rules of the same kind ({@code before} wins over {@code after}).
     */
    public Future<Void> put(String userId, String kind, String ruleId, JsonNode body, String before, String after) {
        Kind k = kind(kind);
        if (ruleId.startsWith(".")) {
            throw MatrixException.invalidParam("Rule IDs starting with '.' are reserved for server-default rules");
        }
        if (ruleId.contains("/") || ruleId.contains("\\")) throw MatrixException.invalidParam("rule_id may not contain slashes");
        PushRule rule = PushRuleBodies.rule(k, ruleId, body);
        String relative = before != null ? before : after;
        return change(userId, set -> {
            boolean exists = set.own(k).stream().anyMatch(r -> r.ruleId().equals(ruleId));
            if (!exists && set.ownCount() >= maxRulesPerUser) {
                return Future.failedFuture(MatrixException.invalidParam(
                        "You have " + set.ownCount() + " push rules, the most this server keeps"));
            }
            // Only the user's own rules of the same kind can be relative rules: defaults cannot be moved around.
            if (relative != null && set.own(k).stream().noneMatch(r -> r.ruleId().equals(relative))) {
                return Future.failedFuture(relativeNotFound(relative));
            }
            return repo.put(userId, k.wire(), ruleId, rule.toStoredJson(), new Position(before, after))
                    .compose(found -> found ? Future.<Void>succeededFuture() : Future.failedFuture(relativeNotFound(relative)));
        });
    }

    /** The spec's example error for an unknown before/after rule. */
    private static MatrixException relativeNotFound(String ruleId) {
        return new MatrixException(400, ErrCode.M_UNKNOWN, "before/after rule not found: " + ruleId);
    }

    /** DELETE /pushrules/global/{kind}/{ruleId}: only the user's own rules; server-default ones cannot go. */
    public Future<Void> delete(String userId, String kind, String ruleId) {
        Kind k = kind(kind);
        return change(userId, set -> {
            PushRule rule = find(set, k, ruleId);
            if (rule.isDefault()) {
                return Future.failedFuture(MatrixException.invalidParam("Server-default rules cannot be deleted"));
            }
            return repo.delete(userId, k.wire(), ruleId).mapEmpty();
        });
    }

    public Future<Void> setEnabled(String userId, String kind, String ruleId, boolean enabled) {
        Kind k = kind(kind);
        return change(userId, set -> repo.setEnabled(userId, find(set, k, ruleId).key(), enabled));
    }

    public Future<Void> setActions(String userId, String kind, String ruleId, JsonNode actions) {
        Kind k = kind(kind);
        ArrayNode checked = PushActions.validate(actions);
        return change(userId, set -> {
            PushRule rule = find(set, k, ruleId);
            if (rule.isDefault()) return repo.setDefaultActions(userId, rule.key(), Json.write(checked));
            return repo.updateRule(userId, k.wire(), ruleId, rule.withActions(checked).toStoredJson()).mapEmpty();
        });
    }

    /** Runs a change on the user's current ruleset, then publishes the new ruleset as account data. */
    private Future<Void> change(String userId, Function<PushRuleSet, Future<Void>> work) {
        Supplier<Future<Void>> steps = () -> rulesOf(userId)
                .compose(work::apply)
                .eventually(() -> {
                    cache.invalidate(userId);
                    return Future.succeededFuture();
                })
                .compose(v -> rulesOf(userId))
                .compose(set -> accountData.put(userId, "", ACCOUNT_DATA_TYPE, set.toClientJson()));
        return perUser.run(userId, steps);
    }

    private static Kind kind(String wire) {
        return Kind.of(wire).orElseThrow(() -> MatrixException.invalidParam(
                "Unknown push rule kind '" + wire + "': override, content, room, sender or underride"));
    }

    private static PushRule find(PushRuleSet set, Kind kind, String ruleId) {
        return set.find(kind, ruleId).orElseThrow(() -> MatrixException.notFound("The push rule was not found."));
    }
}
