package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.AuthAssertions.assertAllowedBy;
import static org.lightweb.federation.protocol.auth.AuthAssertions.assertRejectedBy;
import static org.lightweb.federation.protocol.auth.TestRoom.ALICE;
import static org.lightweb.federation.protocol.auth.TestRoom.BOB;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Rule 1: m.room.create. */
class CreateRulesTest {
    /** The "Otherwise, allow" of rule 1: 1.5 in v10 and v12, 1.4 in v11 (which has neither v10's nor v12's 1.4). */
    private static String allowRule(RoomVersion v) {
        return v == RoomVersion.V11 ? "1.4" : "1.5";
    }

    /** A create event by {@code sender} in a fresh room of version {@code v}; room_id only before v12. */
    private static Pdu create(RoomVersion v, String sender, String content, Consumer<ObjectNode> tweak) {
        TestRoom room = TestRoom.created(v);
        return room.event(sender, StateKey.CREATE, "").content(content).prevEvents()
                .tweak(json -> {
                    if (v.roomIdIsCreateEventId()) json.remove("room_id");
                    tweak.accept(json);
                })
                .build();
    }

    private static Pdu create(RoomVersion v, String content) {
        String creator = v.implicitRoomCreator() ? "" : "\"creator\": \"" + ALICE + "\", ";
        return create(v, ALICE, "{" + creator + content + "}", json -> { });
    }

    private static AuthResult check(Pdu event, RoomVersion v) {
        AuthState nothing = AuthState.fromAuthEvents(Optional.empty(), List.of(), Set.of());
        return new AuthRules((e, server) -> false).check(event, nothing, v);
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void createShouldBeAllowedWhenItIsTheRoomsFirstEvent(RoomVersion v) {
        assertAllowedBy(check(create(v, "\"room_version\": \"" + v.id() + "\""), v), allowRule(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void createShouldBeRejectedWhenItHasPrevEvents(RoomVersion v) {  // 1.1
        TestRoom room = TestRoom.created(v);
        Pdu withPrev = create(v, ALICE, room.create().content().toString(),
                json -> json.putArray("prev_events").add(room.create().eventId()));
        assertRejectedBy(check(withPrev, v), "1.1");
    }

    @Test
    void createShouldBeRejectedWhenItHasARoomIdInV12() {  // 1.2 (v12)
        Pdu withRoomId = create(RoomVersion.V12, ALICE, "{}", json -> json.put("room_id", "!room:a.example"));
        assertRejectedBy(check(withRoomId, RoomVersion.V12), "1.2");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void createShouldBeRejectedWhenRoomIdDomainIsNotSendersDomain(RoomVersion v) {  // 1.2 (v10/v11)
        Pdu foreign = create(v, BOB, "{\"creator\": \"" + BOB + "\"}", json -> json.put("room_id", "!room:a.example"));
        assertRejectedBy(check(foreign, v), "1.2");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void createShouldBeAllowedWhenRoomIdDomainIsSendersDomain(RoomVersion v) {  // 1.2 (v10/v11)
        Pdu own = create(v, BOB, "{\"creator\": \"" + BOB + "\"}", json -> json.put("room_id", "!room:b.example"));
        assertAllowedBy(check(own, v), allowRule(v));
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void createShouldBeRejectedWhenRoomVersionIsNotRecognised(RoomVersion v) {  // 1.3
        assertRejectedBy(check(create(v, "\"room_version\": \"9999\""), v), "1.3");
        assertRejectedBy(check(create(v, "\"room_version\": 11"), v), "1.3");
    }

    @ParameterizedTest
    @EnumSource(RoomVersion.class)
    void createShouldBeAllowedWhenRoomVersionIsAbsent(RoomVersion v) {  // 1.3
        assertAllowedBy(check(create(v, "\"m.federate\": true"), v), allowRule(v));
    }

    @Test
    void createShouldBeRejectedWhenCreatorIsMissingInV10() {  // 1.4 (v10)
        Pdu noCreator = create(RoomVersion.V10, ALICE, "{\"room_version\": \"10\"}", json -> { });
        assertRejectedBy(check(noCreator, RoomVersion.V10), "1.4");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V11", "V12"})
    void createShouldBeAllowedWhenCreatorIsMissingFromV11(RoomVersion v) {  // v11 dropped v10's 1.4
        Pdu noCreator = create(v, ALICE, "{\"room_version\": \"" + v.id() + "\"}", json -> { });
        assertAllowedBy(check(noCreator, v), allowRule(v));
    }

    @Test
    void createShouldBeAllowedWhenAdditionalCreatorsAreUserIdsInV12() {  // 1.4 (v12)
        Pdu ok = create(RoomVersion.V12, "\"additional_creators\": [\"" + BOB + "\", \"@Old=Style:c.example:8448\"]");
        assertAllowedBy(check(ok, RoomVersion.V12), "1.5");
    }

    @Test
    void createShouldBeRejectedWhenAdditionalCreatorsAreNotAllUserIdsInV12() {  // 1.4 (v12)
        RoomVersion v = RoomVersion.V12;
        assertRejectedBy(check(create(v, "\"additional_creators\": \"" + BOB + "\""), v), "1.4");
        assertRejectedBy(check(create(v, "\"additional_creators\": [\"" + BOB + "\", 7]"), v), "1.4");
        assertRejectedBy(check(create(v, "\"additional_creators\": [\"bob:b.example\"]"), v), "1.4");
        assertRejectedBy(check(create(v, "\"additional_creators\": [\"@bob:b.example/x\"]"), v), "1.4");
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void createShouldIgnoreAdditionalCreatorsWhenRoomVersionIsBeforeV12(RoomVersion v) {
        assertAllowedBy(check(create(v, "\"additional_creators\": \"not checked\""), v), allowRule(v));
    }
}
