package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** The push rules API (client-server API, "Push Rules: API"; data/api/client-server/pushrules.yaml). */
public final class PushRuleRoutes implements RouteGroup {
    private static final String BASE = "/_matrix/client/v3/pushrules";
    private static final String RULE = BASE + "/global/:kind/:ruleId";

    private final PushRuleService rules;
    private final Authenticator auth;

    public PushRuleRoutes(PushRuleService rules, Authenticator auth) {
        this.rules = rules;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(BASE + "/").handler(auth.user()).handler(Respond.json(this::getPushRules));
        router.get(BASE + "/global/").handler(auth.user()).handler(Respond.json(this::getPushRulesGlobal));
        router.get(RULE).handler(auth.user()).handler(Respond.json(this::getPushRule));
        router.put(RULE).handler(auth.user()).handler(Respond.json(this::setPushRule));
        router.delete(RULE).handler(auth.user()).handler(Respond.json(this::deletePushRule));
        router.get(RULE + "/enabled").handler(auth.user()).handler(Respond.json(this::isPushRuleEnabled));
        router.put(RULE + "/enabled").handler(auth.user()).handler(Respond.json(this::setPushRuleEnabled));
        router.get(RULE + "/actions").handler(auth.user()).handler(Respond.json(this::getPushRuleActions));
        router.put(RULE + "/actions").handler(auth.user()).handler(Respond.json(this::setPushRuleActions));
    }

    private static String user(RoutingContext ctx) {
        return Requester.of(ctx).userId().toString();
    }

    /** GET /pushrules/ (operationId getPushRules): {@code {"global": ruleset}}. */
    Future<ObjectNode> getPushRules(RoutingContext ctx) {
        return rules.all(user(ctx));
    }

    /** GET /pushrules/global/ (operationId getPushRulesGlobal): the ruleset. */
    Future<ObjectNode> getPushRulesGlobal(RoutingContext ctx) {
        return rules.global(user(ctx));
    }

    /** GET /pushrules/global/{kind}/{ruleId} (operationId getPushRule). */
    Future<ObjectNode> getPushRule(RoutingContext ctx) {
        return rules.rule(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId"));
    }

    /** PUT /pushrules/global/{kind}/{ruleId}?before=&after= (operationId setPushRule). Answers {}. */
    Future<Map<String, Object>> setPushRule(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        String before = emptyToNull(ctx.request().getParam("before"));
        String after = emptyToNull(ctx.request().getParam("after"));
        return rules.put(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId"), body, before, after)
                .map(v -> Map.of());
    }

    /** DELETE /pushrules/global/{kind}/{ruleId} (operationId deletePushRule). Answers {}. */
    Future<Map<String, Object>> deletePushRule(RoutingContext ctx) {
        return rules.delete(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId")).map(v -> Map.of());
    }

    /** GET .../enabled (operationId isPushRuleEnabled): {@code {"enabled": bool}}. */
    Future<ObjectNode> isPushRuleEnabled(RoutingContext ctx) {
        return rules.enabled(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId"))
                .map(on -> Json.object().put("enabled", on));
    }

    /** PUT .../enabled (operationId setPushRuleEnabled) with {@code {"enabled": bool}}. Answers {}. */
    Future<Map<String, Object>> setPushRuleEnabled(RoutingContext ctx) {
        JsonNode enabled = Bodies.json(ctx).get("enabled");
        if (enabled == null || enabled.isNull()) throw MatrixException.missingParam("Missing 'enabled'");
        if (!enabled.isBoolean()) throw MatrixException.badJson("'enabled' must be a boolean");
        return rules.setEnabled(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId"), enabled.asBoolean())
                .map(v -> Map.of());
    }

    /** GET .../actions (operationId getPushRuleActions): {@code {"actions": [...]}}. */
    Future<ObjectNode> getPushRuleActions(RoutingContext ctx) {
        return rules.actions(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId")).map(actions -> {
            ObjectNode o = Json.object();
            o.set("actions", actions);
            return o;
        });
    }

    /** PUT .../actions (operationId setPushRuleActions) with {@code {"actions": [...]}}. Answers {}. */
    Future<Map<String, Object>> setPushRuleActions(RoutingContext ctx) {
        JsonNode actions = Bodies.json(ctx).get("actions");
        return rules.setActions(user(ctx), ctx.pathParam("kind"), ctx.pathParam("ruleId"), actions).map(v -> Map.of());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
