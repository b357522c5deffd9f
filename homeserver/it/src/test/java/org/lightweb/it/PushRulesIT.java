package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** The push rules API: every endpoint, ordering with before/after, the spec's errors, and m.push_rules in sync. */
class PushRulesIT {
    private static final String RULES = "/_matrix/client/v3/pushrules/";
    private static final String GLOBAL = RULES + "global/";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private TestClient.Response put(TestClient.Account who, String path, String json) {
        return node.client().put(GLOBAL + path, who.accessToken(), Json.parse(json));
    }

    private JsonNode get(TestClient.Account who, String path) {
        var res = node.client().get(path, who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(r -> out.add(r.path("rule_id").asText()));
        return out;
    }

    @Test
    void getPushRulesShouldListTheDefaultRulesFilledInForTheUser() {
        var amy = user("pamy");
        JsonNode global = get(amy, RULES).path("global");
        assertThat(global.fieldNames()).toIterable().contains("override", "content", "room", "sender", "underride");
        assertThat(ids(global.path("override"))).startsWith(".m.rule.master", ".m.rule.suppress_notices")
                .contains(".m.rule.invite_for_me", ".m.rule.is_user_mention", ".m.rule.tombstone", ".m.rule.suppress_edits");
        assertThat(ids(global.path("underride"))).containsExactly(".m.rule.call", ".m.rule.encrypted_room_one_to_one",
                ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted");
        JsonNode master = global.path("override").get(0);
        assertThat(master.path("default").asBoolean()).isTrue();
        assertThat(master.path("enabled").asBoolean()).isFalse();
        assertThat(global.path("content").get(0).path("pattern").asText()).isEqualTo("pamy");
        assertThat(global.path("override").toString()).contains(amy.userId());
        assertThat(get(amy, GLOBAL)).isEqualTo(global);
        assertThat(get(amy, GLOBAL + "underride/.m.rule.message").path("actions").get(0).asText()).isEqualTo("notify");
    }

    @Test
    void rulesShouldBeCreatedReadReplacedAndDeleted() {
        var bo = user("pbo");
        assertThat(put(bo, "content/cake", "{\"pattern\":\"cake*lie\",\"actions\":[\"notify\"]}").status()).isEqualTo(200);
        JsonNode rule = get(bo, GLOBAL + "content/cake");
        assertThat(rule.path("pattern").asText()).isEqualTo("cake*lie");
        assertThat(rule.path("enabled").asBoolean()).isTrue();
        assertThat(rule.path("default").asBoolean()).isFalse();
        assertThat(put(bo, "content/cake", "{\"pattern\":\"pie\",\"actions\":[]}").status()).isEqualTo(200);
        assertThat(get(bo, GLOBAL + "content/cake").path("pattern").asText()).isEqualTo("pie");
        String room = "!room:localhost";
        assertThat(put(bo, "room/" + enc(room), "{\"actions\":[\"dont_notify\"]}").status()).isEqualTo(200);
        assertThat(ids(get(bo, GLOBAL).path("room"))).containsExactly(room);
        assertThat(get(bo, GLOBAL + "room/" + enc(room)).has("conditions")).isFalse();
        assertThat(put(bo, "override/beer", "{\"conditions\":[{\"kind\":\"event_match\",\"key\":\"content.body\","
                + "\"pattern\":\"beer\"},{\"kind\":\"room_member_count\",\"is\":\"<=10\"}],"
                + "\"actions\":[\"notify\",{\"set_tweak\":\"sound\",\"value\":\"beeroclock.wav\"}]}").status()).isEqualTo(200);
        assertThat(ids(get(bo, GLOBAL).path("override"))).startsWith(".m.rule.master", "beer");
        assertThat(node.client().delete(GLOBAL + "content/cake", bo.accessToken(), null).status()).isEqualTo(200);
        assertThat(node.client().get(GLOBAL + "content/cake", bo.accessToken()).errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(node.client().delete(GLOBAL + "content/cake", bo.accessToken(), null).status()).isEqualTo(404);
    }

    @Test
    void beforeAndAfterShouldPlaceRulesAmongTheUsersOwnRules() {
        var cy = user("pcy");
        String rule = "{\"pattern\":\"x\",\"actions\":[\"notify\"]}";
        put(cy, "content/a", rule);
        put(cy, "content/b", rule);                       // new rules go on top: b, a
        assertThat(put(cy, "content/c?before=a", rule).status()).isEqualTo(200);   // b, c, a
        assertThat(put(cy, "content/d?after=b", rule).status()).isEqualTo(200);    // b, d, c, a
        assertThat(put(cy, "content/e?before=b&after=a", rule).status()).isEqualTo(200); // before wins: e, b, d, c, a
        assertThat(ids(get(cy, GLOBAL).path("content")))
                .containsExactly("e", "b", "d", "c", "a", ".m.rule.contains_user_name");
        assertThat(put(cy, "content/a?before=e", rule).status()).isEqualTo(200);   // moved: a, e, b, d, c
        assertThat(ids(get(cy, GLOBAL).path("content")))
                .containsExactly("a", "e", "b", "d", "c", ".m.rule.contains_user_name");
    }

    @Test
    void badRulesShouldBeRefusedWith400() {
        var di = user("pdi");
        var missing = put(di, "content/f?before=nothere", "{\"pattern\":\"x\",\"actions\":[]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(put(di, "content/f?after=.m.rule.contains_user_name", "{\"pattern\":\"x\",\"actions\":[]}").status())
                .as("relative to a server-default rule").isEqualTo(400);
        assertThat(put(di, "content/.mine", "{\"pattern\":\"x\",\"actions\":[]}").status()).isEqualTo(400);
        assertThat(put(di, "override/.m.rule.master", "{\"conditions\":[],\"actions\":[]}").status())
                .as("server-default rules cannot be replaced or moved").isEqualTo(400);
        assertThat(put(di, "content/f", "{\"pattern\":\"x\"}").status()).isEqualTo(400);
        assertThat(put(di, "content/f", "{\"actions\":[\"notify\"]}").status()).isEqualTo(400);
        assertThat(put(di, "content/f", "{\"pattern\":\"x\",\"actions\":[\"wiggle\"]}").status()).isEqualTo(400);
        assertThat(put(di, "content/f", "{\"pattern\":\"x\",\"actions\":\"notify\"}").status()).isEqualTo(400);
        assertThat(put(di, "override/f", "{\"conditions\":[{\"key\":\"type\"}],\"actions\":[]}").status()).isEqualTo(400);
        assertThat(put(di, "override/f", "{\"conditions\":[{\"kind\":\"event_match\",\"key\":\"type\"}],\"actions\":[]}")
                .status()).isEqualTo(400);
        assertThat(put(di, "override/f", "{\"conditions\":{},\"actions\":[]}").status()).isEqualTo(400);
        assertThat(put(di, "nonsense/f", "{\"actions\":[]}").status()).isEqualTo(400);
        assertThat(put(di, "content/f%2Fg", "{\"pattern\":\"x\",\"actions\":[]}").status()).isIn(400, 404);
        assertThat(ids(get(di, GLOBAL).path("content"))).containsExactly(".m.rule.contains_user_name");
        // Unknown condition kinds are stored and never match.
        assertThat(put(di, "override/future", "{\"conditions\":[{\"kind\":\"org.example.x\"}],\"actions\":[]}").status())
                .isEqualTo(200);
        assertThat(get(di, GLOBAL + "override/future").path("conditions").get(0).path("kind").asText()).isEqualTo("org.example.x");
    }

    @Test
    void unknownRulesShouldAnswer404AndDefaultsShouldNotBeDeletable() {
        var ed = user("ped");
        assertThat(node.client().get(GLOBAL + "override/nothere", ed.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().get(GLOBAL + "override/nothere/enabled", ed.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().get(GLOBAL + "override/nothere/actions", ed.accessToken()).status()).isEqualTo(404);
        assertThat(node.client().put(GLOBAL + "override/nothere/enabled", ed.accessToken(),
                Json.object().put("enabled", false)).status()).isEqualTo(404);
        assertThat(node.client().put(GLOBAL + "override/nothere/actions", ed.accessToken(),
                Json.parse("{\"actions\":[]}")).status()).isEqualTo(404);
        assertThat(node.client().delete(GLOBAL + "override/nothere", ed.accessToken(), null).status()).isEqualTo(404);
        assertThat(node.client().get(GLOBAL + "content/.m.rule.master", ed.accessToken()).status())
                .as("the master rule is an override rule").isEqualTo(404);
        assertThat(node.client().delete(GLOBAL + "override/.m.rule.master", ed.accessToken(), null).status()).isEqualTo(400);
        assertThat(node.client().get(RULES, null).status()).isEqualTo(401);
    }

    @Test
    void enabledShouldBeReadAndSetForDefaultAndOwnRules() {
        var fi = user("pfi");
        String master = GLOBAL + "override/.m.rule.master/enabled";
        assertThat(get(fi, master).path("enabled").asBoolean()).isFalse();
        assertThat(node.client().put(master, fi.accessToken(), Json.object().put("enabled", true)).status()).isEqualTo(200);
        assertThat(get(fi, master).path("enabled").asBoolean()).isTrue();
        assertThat(get(fi, GLOBAL).path("override").get(0).path("enabled").asBoolean()).isTrue();
        put(fi, "sender/" + enc("@spam:localhost"), "{\"actions\":[]}");
        String own = GLOBAL + "sender/" + enc("@spam:localhost") + "/enabled";
        assertThat(node.client().put(own, fi.accessToken(), Json.object().put("enabled", false)).status()).isEqualTo(200);
        assertThat(get(fi, own).path("enabled").asBoolean()).isFalse();
        put(fi, "sender/" + enc("@spam:localhost"), "{\"actions\":[\"notify\"]}");
        assertThat(get(fi, own).path("enabled").asBoolean()).as("a replaced rule keeps its flag").isFalse();
        assertThat(node.client().put(own, fi.accessToken(), Json.object().put("enabled", "yes")).status()).isEqualTo(400);
        assertThat(node.client().put(own, fi.accessToken(), Json.object()).status()).isEqualTo(400);
    }

    @Test
    void actionsShouldBeReadAndSetForDefaultAndOwnRules() {
        var gi = user("pgi");
        String message = GLOBAL + "underride/.m.rule.message/actions";
        assertThat(get(gi, message).path("actions").toString()).isEqualTo("[\"notify\"]");
        assertThat(node.client().put(message, gi.accessToken(),
                Json.parse("{\"actions\":[\"notify\",{\"set_tweak\":\"highlight\"}]}")).status()).isEqualTo(200);
        assertThat(get(gi, message).path("actions").toString()).contains("highlight");
        assertThat(get(gi, GLOBAL + "underride/.m.rule.message").path("default").asBoolean()).isTrue();
        put(gi, "content/tea", "{\"pattern\":\"tea\",\"actions\":[\"notify\"]}");
        assertThat(node.client().put(GLOBAL + "content/tea/actions", gi.accessToken(),
                Json.parse("{\"actions\":[]}")).status()).isEqualTo(200);
        JsonNode tea = get(gi, GLOBAL + "content/tea");
        assertThat(tea.path("actions").size()).isZero();
        assertThat(tea.path("pattern").asText()).isEqualTo("tea");
        assertThat(node.client().put(message, gi.accessToken(), Json.parse("{\"actions\":[42]}")).status()).isEqualTo(400);
        assertThat(node.client().put(message, gi.accessToken(), Json.object()).status()).isEqualTo(400);
    }

    @Test
    void syncShouldCarryThePushRulesInitiallyAndWhenTheyChange() {
        var hu = user("phu");
        JsonNode initial = node.client().get("/_matrix/client/v3/sync", hu.accessToken()).json();
        JsonNode pushRules = null;
        for (JsonNode e : initial.path("account_data").path("events")) {
            if (e.path("type").asText().equals("m.push_rules")) pushRules = e.path("content");
        }
        assertThat(pushRules).isNotNull();
        assertThat(pushRules.path("global").path("override").get(0).path("rule_id").asText()).isEqualTo(".m.rule.master");
        String since = initial.path("next_batch").asText();
        JsonNode quiet = node.client().get("/_matrix/client/v3/sync?since=" + since, hu.accessToken()).json();
        assertThat(quiet.path("account_data").path("events").findValuesAsText("type")).doesNotContain("m.push_rules");
        put(hu, "content/news", "{\"pattern\":\"news\",\"actions\":[\"notify\"]}");
        JsonNode next = node.client().get("/_matrix/client/v3/sync?timeout=5000&since=" + since, hu.accessToken()).json();
        assertThat(next.path("next_batch").asText()).isNotEqualTo(since);
        assertThat(next.path("account_data").path("events").findValuesAsText("type")).containsExactly("m.push_rules");
        assertThat(next.path("account_data").path("events").get(0).path("content").path("global").path("content").get(0)
                .path("rule_id").asText()).isEqualTo("news");
    }
}
