package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;
import static org.lightweb.federation.protocol.auth.TestRoom.DAVE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** The server-server API's "Auth events selection". */
class AuthEventsSelectionTest {
    private static final StateKey JOIN_RULES = StateKey.joinRules();
    private static final StateKey PL = StateKey.powerLevels();

    private static JsonNode json(String s) { return CanonicalJson.parse(s); }

    /** The keys every non-create event selects: create (before v12), power levels, the sender's member event. */
    private static List<StateKey> base(RoomVersion v, String sender) {
        List<StateKey> out = new ArrayList<>();
        if (v != RoomVersion.V12) out.add(StateKey.create());
        out.add(PL);
        out.add(StateKey.member(sender));
        return out;
    }

    private static Set<StateKey> with(List<StateKey> base, StateKey... more) {
        List<StateKey> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldBeEmptyWhenEventIsTheCreateEvent(RoomVersion v) {
        assertThat(AuthEventsSelection.select(StateKey.CREATE, "", ALICE, json("{}"), v)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldPickCreatePowerLevelsAndSenderWhenEventIsAMessageOrState(RoomVersion v) {
        assertThat(AuthEventsSelection.select("m.room.message", null, BOB, json("{\"body\": \"x\"}"), v))
                .containsExactlyInAnyOrderElementsOf(base(v, BOB));
        assertThat(AuthEventsSelection.select(JOIN_RULES.type(), "", ALICE, json("{\"join_rule\": \"public\"}"), v))
                .containsExactlyInAnyOrderElementsOf(base(v, ALICE));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldAddJoinRulesWhenMembershipIsJoinInviteOrKnock(RoomVersion v) {
        for (String m : new String[] {"join", "invite", "knock"}) {
            assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, ALICE, json("{\"membership\": \"" + m + "\"}"), v))
                    .isEqualTo(with(base(v, ALICE), StateKey.member(BOB), JOIN_RULES));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldAddJoinRulesButNoTargetWhenAMemberEventHasNoStateKey(RoomVersion v) {
        assertThat(AuthEventsSelection.select(StateKey.MEMBER, null, ALICE, json("{\"membership\": \"invite\"}"), v))
                .isEqualTo(with(base(v, ALICE), JOIN_RULES));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldAddOnlyTheTargetWhenMembershipIsLeaveOrBan(RoomVersion v) {
        for (String m : new String[] {"leave", "ban"}) {
            assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, ALICE, json("{\"membership\": \"" + m + "\"}"), v))
                    .isEqualTo(with(base(v, ALICE), StateKey.member(BOB)));
        }
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldAddTheThirdPartyInviteWhenAnInviteRedeemsOne(RoomVersion v) {
        String content = "{\"membership\": \"invite\", \"third_party_invite\": {\"signed\": {\"token\": \"tok\"}}}";
        assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, ALICE, json(content), v)).isEqualTo(with(base(v, ALICE),
                StateKey.member(BOB), JOIN_RULES, StateKey.of(StateKey.THIRD_PARTY_INVITE, "tok")));
        String join = "{\"membership\": \"join\", \"third_party_invite\": {\"signed\": {\"token\": \"tok\"}}}";
        assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, BOB, json(join), v))
                .isEqualTo(with(base(v, BOB), JOIN_RULES));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void selectShouldAddTheAuthorisingUserWhenARestrictedJoinNamesOne(RoomVersion v) {
        String join = "{\"membership\": \"join\", \"join_authorised_via_users_server\": \"" + DAVE + "\"}";
        assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, BOB, json(join), v))
                .isEqualTo(with(base(v, BOB), JOIN_RULES, StateKey.member(DAVE)));
        String leave = "{\"membership\": \"leave\", \"join_authorised_via_users_server\": \"" + DAVE + "\"}";
        assertThat(AuthEventsSelection.select(StateKey.MEMBER, BOB, BOB, json(leave), v))
                .isEqualTo(with(base(v, BOB)));
    }
}
