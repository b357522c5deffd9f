package org.lightweb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.lightweb.core.Json;

/**
 * Scenario 5, a federated join: a room on the bench's lightweb node with {@code bench.fedMembers} joined local users
 * (default 1,000) and {@code bench.fedStateEvents} state events in all (default 5,000: the create, power levels,
 * join rules... events, the members, and custom {@code org.lightweb.bench.state} events with distinct state keys
 * for the rest), built through the client API: the custom events as createRoom's initial_state (one request; sent
 * one by one they took ten minutes, each event costing time in proportion to the room's state), then the members'
 * joins on 16 threads; the setup is bounded by {@code bench.fedSetupMinutes} (default 8) and its time printed. Then a user on another server
 * joins it by room id with the origin as {@code via}: the time from its {@code POST /join} to the 200, and to its
 * /sync showing the room with every member joined (members + 1, counted from the state and timeline it receives,
 * or the summary's m.joined_member_count). The joining server is a second lightweb node, and with --vs-synapse
 * also Synapse: both join the same lightweb room, so the comparison is of the joining side only.
 */
final class FederatedJoinScenario {
    private FederatedJoinScenario() {}

    /** The room, built once on the origin. */
    record Room(String id, String origin, int members, int stateEvents) {}

    static Room build(Server origin, Results r) {
        int members = Integer.getInteger("bench.fedMembers", 1000);
        int stateTarget = Integer.getInteger("bench.fedStateEvents", 5000);
        Api api = new Api(origin.baseUrl());
        long start = System.nanoTime();
        Duration bound = Duration.ofMinutes(Integer.getInteger("bench.fedSetupMinutes", 8));
        Api.Account creator = api.register("fed-creator");
        // createRoom with the public_chat preset makes 6 state events (create, the creator's member, power levels,
        // join rules, history visibility, guest access), the creator one of the members: custom state is the rest.
        int custom = Math.max(0, stateTarget - members - 5);
        var body = Json.object().put("preset", "public_chat");
        var initialState = body.putArray("initial_state");
        for (int i = 0; i < custom; i++) {
            initialState.addObject().put("type", "org.lightweb.bench.state").put("state_key", "k" + i)
                    .putObject("content").put("n", i);
        }
        String room = api.createRoom(creator, body);
        System.err.printf("bench: federation: room with %d custom state events made in %.1f s; %d members join...%n",
                custom, Load.seconds(System.nanoTime() - start), members - 1);
        Api.Account[] users = new Api.Account[members - 1];
        Load.run(16, members - 1, bound, i -> users[i] = api.register("fed-m-" + i));
        Load.run(16, members - 1, bound.minusNanos(System.nanoTime() - start),
                i -> { if (users[i] != null) api.join(users[i], room, null); });
        int state = stateCount(api, creator, room);
        long setup = System.nanoTime() - start;
        r.footnote("Federated join room: " + members + " members, " + state + " state events, built on lightweb in "
                + Results.fmtNum(Load.seconds(setup)) + " s with " + api.errors() + " errors.");
        r.add("lightweb", "fed.setup", "federated join: building the room of " + members + " members, " + state
                + " state events", Load.seconds(setup), "s", false);
        return new Room(room, origin.serverName(), members, state);
    }

    /** {@code joiner} (another server) joins {@code room}; figures recorded under {@code joiner.kind()}. */
    static void join(Server joiner, Room room, Results r) {
        Api api = new Api(joiner.baseUrl());
        Api.Account user = api.register("fed-joiner");
        String filter = Api.enc("{\"room\":{\"timeline\":{\"limit\":10}}}");
        String since = api.sync(user, "filter=" + filter, Duration.ofSeconds(60)).json().path("next_batch").asText();
        long start = System.nanoTime();
        Api.Res joined = api.join(user, room.id(), room.origin());
        long joinNanos = System.nanoTime() - start;
        String k = joiner.kind();
        if (!joined.ok()) {
            r.note(k, "fed.join", "federated join: POST /join -> 200", "failed: " + joined.status());
            return;
        }
        Set<String> members = new HashSet<>();
        Integer summaryCount = null;
        long deadline = start + Duration.ofMinutes(5).toNanos();
        int expected = room.members() + 1;
        while (System.nanoTime() < deadline) {
            Api.Res res = api.sync(user, "timeout=10000&filter=" + filter + "&since=" + Api.enc(since), Duration.ofSeconds(60));
            if (!res.ok()) continue;
            JsonNode body = res.json();
            since = body.path("next_batch").asText(since);
            JsonNode jr = body.path("rooms").path("join").path(room.id());
            if (jr.isMissingNode()) continue;
            for (String section : new String[] {"state", "timeline"}) {
                for (JsonNode e : jr.path(section).path("events")) {
                    if (!e.path("type").asText().equals("m.room.member")) continue;
                    if (e.path("content").path("membership").asText().equals("join")) members.add(e.path("state_key").asText());
                    else members.remove(e.path("state_key").asText());
                }
            }
            JsonNode count = jr.path("summary").path("m.joined_member_count");
            if (count.isInt()) summaryCount = count.asInt();
            if (members.size() >= expected || (summaryCount != null && summaryCount >= expected)) break;
        }
        long syncedNanos = System.nanoTime() - start;
        int seen = Math.max(members.size(), summaryCount == null ? 0 : summaryCount);
        r.add(k, "fed.join", "federated join: POST /join -> 200", joinNanos / 1e6, "ms", false);
        if (seen >= expected) {
            r.add(k, "fed.synced", "federated join: POST /join -> /sync shows " + expected + " joined", syncedNanos / 1e6, "ms", false);
        } else {
            r.note(k, "fed.synced", "federated join: POST /join -> /sync shows " + expected + " joined",
                    "only " + seen + " after 5 min");
        }
        r.add(k, "fed.errors", "federated join errors (joining server)", api.errors(), "count", false);
    }

    private static int stateCount(Api api, Api.Account a, String room) {
        Api.Res res = api.expectOk("GET", "/_matrix/client/v3/rooms/" + Api.enc(room) + "/state", a.token(), null);
        return res.ok() ? res.json().size() : -1;
    }
}
