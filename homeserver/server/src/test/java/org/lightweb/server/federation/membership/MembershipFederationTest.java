package org.lightweb.server.federation.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;
import static org.lightweb.storage.testing.TestStorage.awaitFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.rooms.EventDraft;

/** Membership handshakes between two in-process servers, kaslo (resident) and nelson, over fake federation. */
class MembershipFederationTest {
    private FedNode kaslo;
    private FedNode nelson;
    private UserId alice;
    private UserId bob;

    @BeforeEach
    void start() {
        kaslo = new FedNode("kaslo");
        nelson = new FedNode("nelson");
        Loopback.connect(kaslo, nelson);
        Loopback.connect(nelson, kaslo);
        alice = kaslo.user("alice");
        bob = nelson.user("bob");
    }

    @AfterEach
    void stop() {
        kaslo.close();
        nelson.close();
    }

    private InboundMemberships resident() {
        return kaslo.feature.inbound();
    }

    private static MatrixException matrixFailure(Future<?> f) {
        Throwable t = awaitFailure(f);
        assertThat(t).isInstanceOf(MatrixException.class);
        return (MatrixException) t;
    }

    // --- the resident side

    @Test
    void makeJoinShouldBeForbiddenWhenTheUserIsNotOfTheOrigin() {
        String room = kaslo.createRoom(alice, "public_chat");
        MatrixException e = matrixFailure(resident().makeMembership("evil", room, bob.toString(), "join", List.of("11")));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void makeJoinShouldAnswerIncompatibleRoomVersionWhenTheOriginDoesNotSupportIt() {
        String room = kaslo.createRoom(alice, "public_chat");
        MatrixException e = matrixFailure(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("10")));
        assertThat(e.errcode()).isEqualTo(ErrCode.M_INCOMPATIBLE_ROOM_VERSION);
        assertThat(e.body()).containsEntry("room_version", "11");
    }

    @Test
    void makeJoinShouldBeForbiddenWhenTheJoinRulesRefuse() {
        String room = kaslo.createRoom(alice, "private_chat");
        MatrixException e = matrixFailure(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("11")));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void makeJoinShouldBeNotFoundWhenThisServerIsNotInTheRoom() {
        MatrixException e = matrixFailure(resident().makeMembership("nelson", "!nowhere:kaslo", bob.toString(), "join", List.of("11")));
        assertThat(e.status()).isEqualTo(404);
    }

    @Test
    void makeJoinShouldAnswerAnUnsignedTemplateOnTheCurrentExtremities() {
        String room = kaslo.createRoom(alice, "public_chat");
        ObjectNode answer = await(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("10", "11", "12")));
        assertThat(answer.path("room_version").asText()).isEqualTo("11");
        JsonNode event = answer.path("event");
        assertThat(event.path("type").asText()).isEqualTo("m.room.member");
        assertThat(event.path("state_key").asText()).isEqualTo(bob.toString());
        assertThat(event.path("content").path("membership").asText()).isEqualTo("join");
        assertThat(event.has("signatures")).isFalse();
        assertThat(event.has("hashes")).isFalse();
        assertThat(event.path("auth_events").size()).isGreaterThanOrEqualTo(3);   // create, power levels, join rules
        List<String> extremities = List.copyOf(await(kaslo.events.forwardExtremities(room)).keySet());
        assertThat(event.path("prev_events").get(0).asText()).isEqualTo(extremities.get(0));
    }

    /** A join built from kaslo's template and signed with {@code key} as nelson's. */
    private Pdu signedJoin(String room, SigningKey key) {
        ObjectNode template = (ObjectNode) await(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("11")))
                .get("event");
        JsonSigning.hashAndSignEvent(template, RoomVersion.V11, "nelson", key);
        return Pdu.of(template, RoomVersion.V11);
    }

    @Test
    void sendJoinShouldBeForbiddenWhenTheEventIsNotSignedByTheOrigin() {
        String room = kaslo.createRoom(alice, "public_chat");
        Pdu join = signedJoin(room, SigningKey.generate());
        MatrixException e = matrixFailure(resident().sendMembership("nelson", room, join.eventId(), join.json(), "join"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(kaslo.federationEvents.received).isEmpty();
    }

    @Test
    void sendJoinShouldBeRefusedWhenThePathNamesAnotherEvent() {
        String room = kaslo.createRoom(alice, "public_chat");
        Pdu join = signedJoin(room, nelson.key);
        MatrixException e = matrixFailure(resident().sendMembership("nelson", room, "$other", join.json(), "join"));
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void sendJoinShouldBeForbiddenWhenTheOriginSendsForAnotherServersUser() {
        String room = kaslo.createRoom(alice, "public_chat");
        Pdu join = signedJoin(room, nelson.key);
        MatrixException e = matrixFailure(resident().sendMembership("mallory", room, join.eventId(), join.json(), "join"));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void sendJoinShouldStoreThroughRemoteEventsAndAnswerTheStateBeforeIt() {
        String room = kaslo.createRoom(alice, "public_chat");
        ObjectNode create = Json.object().put("type", "m.room.create");
        kaslo.federationEvents.state = List.of(create);
        Pdu join = signedJoin(room, nelson.key);
        InboundMemberships.Accepted accepted = await(resident().sendMembership("nelson", room, join.eventId(), join.json(), "join"));
        ObjectNode answer = await(resident().joinAnswer(room, accepted));
        assertThat(kaslo.federationEvents.received).hasSize(1);
        assertThat(kaslo.federationEvents.received.get(0).path("state_key").asText()).isEqualTo(bob.toString());
        assertThat(answer.path("state").get(0)).isEqualTo(create);
        assertThat(answer.path("members_omitted").asBoolean(true)).isFalse();
        assertThat(answer.path("origin").asText()).isEqualTo("kaslo");
        assertThat(answer.path("event").path("event_id").isMissingNode()).isTrue();
    }

    @Test
    void sendJoinShouldBeForbiddenWhenRemoteEventsRefuseIt() {
        String room = kaslo.createRoom(alice, "public_chat");
        kaslo.federationEvents.refuse = "auth rules";
        Pdu join = signedJoin(room, nelson.key);
        MatrixException e = matrixFailure(resident().sendMembership("nelson", room, join.eventId(), join.json(), "join"));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void restrictedJoinShouldBeVouchedForByALocalMemberAndCountersigned() {
        String space = kaslo.createRoom(alice, "public_chat");
        String room = kaslo.createRoom(alice, "private_chat");
        ObjectNode rules = Json.object().put("join_rule", "restricted");
        rules.putArray("allow").addObject().put("type", "m.room_membership").put("room_id", space);
        await(kaslo.roomEvents.send(room, EventDraft.state("m.room.join_rules", "", alice, rules), null));
        // Without a membership of the space, bob may not join.
        assertThat(matrixFailure(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("11"))).status())
                .isEqualTo(403);
        // As if bob's join of the space had come over federation.
        await(kaslo.storage.db().write(tx -> tx.execute("INSERT INTO room_memberships (room_id, user_id, membership, event_id, "
                + "stream_ordering, forgotten) VALUES ('" + space + "', '" + bob + "', 'join', '$bobjoin', 0, false)")));
        ObjectNode template = (ObjectNode) await(resident().makeMembership("nelson", room, bob.toString(), "join", List.of("11")))
                .get("event");
        assertThat(template.path("content").path("join_authorised_via_users_server").asText()).isEqualTo(alice.toString());
        JsonSigning.hashAndSignEvent(template, RoomVersion.V11, "nelson", nelson.key);
        Pdu join = Pdu.of(template, RoomVersion.V11);
        InboundMemberships.Accepted accepted = await(resident().sendMembership("nelson", room, join.eventId(), join.json(), "join"));
        assertThat(accepted.event().path("signatures").has("kaslo")).isTrue();
        assertThat(accepted.event().path("signatures").has("nelson")).isTrue();
        assertThat(kaslo.federationEvents.received.get(0).path("signatures").has("kaslo")).isTrue();
    }

    // --- the joining side

    @Test
    @SuppressWarnings("unchecked")
    void remoteJoinShouldMakeThenSendThenImportTheRoom() {
        String room = kaslo.createRoom(alice, "public_chat");
        ObjectNode stateEvent = Json.object().put("type", "m.room.create");
        kaslo.federationEvents.state = List.of(stateEvent);
        String joined = await(nelson.memberships.join(bob, room, List.of(), "hello"));
        assertThat(joined).isEqualTo(room);
        assertThat(nelson.client.requests).hasSize(2);
        assertThat(nelson.client.requests.get(0)).startsWith("GET kaslo /_matrix/federation/v1/make_join/")
                .contains("ver=10&ver=11&ver=12");
        assertThat(nelson.client.requests.get(1)).startsWith("PUT kaslo /_matrix/federation/v2/send_join/");
        Object[] imported = nelson.federationEvents.imported.get(0);
        assertThat(imported[0]).isEqualTo("kaslo");
        assertThat(imported[1]).isEqualTo(RoomVersion.V11);
        ObjectNode joinEvent = (ObjectNode) imported[2];
        assertThat(joinEvent.path("content").path("reason").asText()).isEqualTo("hello");
        assertThat(joinEvent.path("signatures").has("nelson")).isTrue();
        assertThat((List<Object>) imported[3]).containsExactly(stateEvent);
        assertThat(kaslo.federationEvents.received).hasSize(1);
    }

    @Test
    void remoteJoinShouldTryTheNextServerWhenTheFirstFails() {
        String room = kaslo.createRoom(alice, "public_chat");
        await(nelson.memberships.join(bob, room, List.of("dead.example", "kaslo"), null));
        assertThat(nelson.client.requests.get(0)).startsWith("GET dead.example /_matrix/federation/v1/make_join/");
        assertThat(nelson.client.requests.get(1)).startsWith("GET kaslo /_matrix/federation/v1/make_join/");
        assertThat(nelson.federationEvents.imported).hasSize(1);
    }

    @Test
    void remoteJoinShouldRelayForbiddenWhenTheJoinRulesRefuse() {
        String room = kaslo.createRoom(alice, "private_chat");
        MatrixException e = matrixFailure(nelson.memberships.join(bob, room, List.of("dead.example"), null));
        assertThat(e.status()).isEqualTo(403);
        assertThat(nelson.client.requests).hasSize(2);   // dead.example, then the room ID's kaslo
        assertThat(nelson.federationEvents.imported).isEmpty();
    }

    @Test
    void remoteJoinShouldAnswer502WhenNoServerCanBeReached() {
        MatrixException e = matrixFailure(nelson.memberships.join(bob, "!room:dead.example", List.of(), null));
        assertThat(e.status()).isEqualTo(502);
    }

    @Test
    void remoteJoinShouldBeNotFoundWhenNoServerIsKnown() {
        MatrixException e = matrixFailure(nelson.memberships.join(bob, "!v12roomidwithoutserver", List.of(), null));
        assertThat(e.status()).isEqualTo(404);
    }

    // --- invites

    @Test
    void inviteOfARemoteUserShouldBeSignedByBothServersAndShowInTheInviteesSync() {
        String room = kaslo.createRoom(alice, "private_chat");
        await(kaslo.memberships.invite(alice, room, bob, "come"));
        assertThat(kaslo.client.requests).singleElement().asString().startsWith("PUT nelson /_matrix/federation/v2/invite/");
        var stored = await(kaslo.rooms.membership(room, bob.toString())).orElseThrow();
        assertThat(stored.membership()).isEqualTo("invite");
        JsonNode event = Json.parse(await(kaslo.events.event(stored.eventId())).orElseThrow().json());
        assertThat(event.path("signatures").has("kaslo")).isTrue();
        assertThat(event.path("signatures").has("nelson")).isTrue();

        JsonNode invite = nelson.sync(bob).path("rooms").path("invite").path(room);
        JsonNode state = invite.path("invite_state").path("events");
        assertThat(state.findValuesAsText("type")).contains("m.room.create", "m.room.name", "m.room.join_rules");
        JsonNode own = state.get(state.size() - 1);
        assertThat(own.path("type").asText()).isEqualTo("m.room.member");
        assertThat(own.path("state_key").asText()).isEqualTo(bob.toString());
        assertThat(own.path("content").path("membership").asText()).isEqualTo("invite");
        assertThat(own.path("sender").asText()).isEqualTo(alice.toString());
    }

    @Test
    void createRoomShouldInviteARemoteUserThroughTheirServerAfterTheInitialEvents() {
        ObjectNode req = Json.object().put("preset", "private_chat").put("is_direct", true);
        req.putArray("invite").add(bob.toString());
        String room = await(kaslo.creation.create(alice, req));
        assertThat(kaslo.client.requests).singleElement().asString().startsWith("PUT nelson /_matrix/federation/v2/invite/");
        var stored = await(kaslo.rooms.membership(room, bob.toString())).orElseThrow();
        assertThat(stored.membership()).isEqualTo("invite");
        JsonNode event = Json.parse(await(kaslo.events.event(stored.eventId())).orElseThrow().json());
        assertThat(event.path("signatures").has("nelson")).isTrue();
        assertThat(event.path("content").path("is_direct").asBoolean()).isTrue();
        assertThat(nelson.sync(bob).path("rooms").path("invite").has(room)).isTrue();
    }

    @Test
    void createRoomShouldFailWhenTheRemoteInviteesServerRefuses() {
        kaslo.client.handler = (m, d, p, q, b) -> Future.failedFuture(new FederationClient.RemoteError(d, 403, "M_FORBIDDEN", "no"));
        ObjectNode req = Json.object().put("preset", "private_chat");
        req.putArray("invite").add(bob.toString());
        MatrixException e = matrixFailure(kaslo.creation.create(alice, req));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void inviteShouldNotBeStoredWhenTheInviteesServerRefuses() {
        String room = kaslo.createRoom(alice, "private_chat");
        kaslo.client.handler = (m, d, p, q, b) -> Future.failedFuture(new FederationClient.RemoteError(d, 403, "M_FORBIDDEN", "no"));
        MatrixException e = matrixFailure(kaslo.memberships.invite(alice, room, bob, null));
        assertThat(e.status()).isEqualTo(403);
        assertThat(await(kaslo.rooms.membership(room, bob.toString()))).isEmpty();
    }

    /** An invite of bob into a room of kaslo's, built and signed by kaslo. */
    private Pdu inviteOfBob(String room) {
        Pdu built = await(kaslo.roomEvents.prepare(room, EventDraft.state("m.room.member", bob.toString(), alice,
                Json.object().put("membership", "invite"))));
        return built;
    }

    private static ObjectNode inviteBody(Pdu invite, String version) {
        ObjectNode body = Json.object().put("room_version", version);
        body.set("event", invite.json());
        body.putArray("invite_room_state");
        return body;
    }

    @Test
    void inviteShouldAnswerIncompatibleRoomVersionWhenTheVersionIsUnknown() {
        String room = kaslo.createRoom(alice, "private_chat");
        Pdu invite = inviteOfBob(room);
        MatrixException e = matrixFailure(nelson.feature.inbound().invite("kaslo", room, invite.eventId(), inviteBody(invite, "1")));
        assertThat(e.errcode()).isEqualTo(ErrCode.M_INCOMPATIBLE_ROOM_VERSION);
    }

    @Test
    void inviteShouldBeForbiddenWhenTheSenderIsNotOfTheOrigin() {
        String room = kaslo.createRoom(alice, "private_chat");
        Pdu invite = inviteOfBob(room);
        MatrixException e = matrixFailure(nelson.feature.inbound().invite("mallory", room, invite.eventId(), inviteBody(invite, "11")));
        assertThat(e.status()).isEqualTo(403);
        assertThat(await(nelson.rooms.membership(room, bob.toString()))).isEmpty();
    }

    @Test
    void inviteShouldBeForbiddenWhenTheInviteeIsNotLocal() {
        String room = kaslo.createRoom(alice, "private_chat");
        Pdu invite = inviteOfBob(room);
        MatrixException e = matrixFailure(kaslo.feature.inbound().invite("kaslo", room, invite.eventId(), inviteBody(invite, "11")));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void inviteShouldBeForbiddenWhenNotSignedByTheOrigin() {
        String room = kaslo.createRoom(alice, "private_chat");
        Pdu invite = inviteOfBob(room);
        nelson.keyRing.keys.put("kaslo", SigningKey.generate());
        MatrixException e = matrixFailure(nelson.feature.inbound().invite("kaslo", room, invite.eventId(), inviteBody(invite, "11")));
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void rejectingARemoteInviteShouldLeaveThroughTheInvitersServerAndMoveTheRoomToLeave() {
        String room = kaslo.createRoom(alice, "private_chat");
        await(kaslo.memberships.invite(alice, room, bob, null));
        String before = nelson.sync(bob).path("next_batch").asText();
        await(nelson.memberships.leave(bob, room, "no thanks"));
        assertThat(nelson.client.requests.get(0)).startsWith("GET kaslo /_matrix/federation/v1/make_leave/");
        assertThat(nelson.client.requests.get(1)).startsWith("PUT kaslo /_matrix/federation/v2/send_leave/");
        assertThat(kaslo.federationEvents.received).singleElement()
                .satisfies(e -> assertThat(e.path("content").path("membership").asText()).isEqualTo("leave"));
        assertThat(await(nelson.rooms.membership(room, bob.toString())).orElseThrow().membership()).isEqualTo("leave");
        JsonNode rooms = nelson.sync(bob).path("rooms");
        assertThat(rooms.path("invite").has(room)).isFalse();
        JsonNode left = nelson.sync(bob, before).path("rooms").path("leave").path(room).path("timeline").path("events");
        assertThat(left.get(left.size() - 1).path("content").path("membership").asText()).isEqualTo("leave");
        assertThat(left.get(left.size() - 1).path("content").path("reason").asText()).isEqualTo("no thanks");
    }

    @Test
    void rejectingARemoteInviteShouldHappenHereWhenNoServerAnswers() {
        String room = kaslo.createRoom(alice, "private_chat");
        await(kaslo.memberships.invite(alice, room, bob, null));
        nelson.client.handler = (m, d, p, q, b) -> Future.failedFuture(new FederationClient.Unreachable(d, "down", null));
        await(nelson.memberships.leave(bob, room, null));
        assertThat(await(nelson.rooms.membership(room, bob.toString())).orElseThrow().membership()).isEqualTo("leave");
    }

    @Test
    void joiningAfterARemoteInviteShouldGoThroughTheInvitersServer() {
        String room = kaslo.createRoom(alice, "private_chat");
        await(kaslo.memberships.invite(alice, room, bob, null));
        await(nelson.memberships.join(bob, room, List.of("dead.example"), null));
        assertThat(nelson.client.requests).anySatisfy(r -> assertThat(r).startsWith("PUT kaslo /_matrix/federation/v2/send_join/"));
        assertThat(nelson.federationEvents.imported).hasSize(1);
    }

    // --- aliases

    @Test
    void remoteAliasShouldResolveThroughTheAliasServersDirectory() {
        nelson.client.handler = (m, d, p, q, b) -> Future.succeededFuture(
                Json.object().put("room_id", "!r:kaslo").set("servers", Json.MAPPER.createArrayNode().add("kaslo")));
        var resolved = await(nelson.memberships.resolveRemoteAlias("#lobby:kaslo"));
        assertThat(resolved.roomId()).isEqualTo("!r:kaslo");
        assertThat(resolved.servers()).containsExactly("kaslo");
        assertThat(nelson.client.requests).containsExactly("GET kaslo /_matrix/federation/v1/query/directory");
    }

    @Test
    void remoteAliasShouldBeNotFoundWhenTheDirectorySaysSo() {
        nelson.client.handler = (m, d, p, q, b) -> Future.failedFuture(new FederationClient.RemoteError(d, 404, "M_NOT_FOUND", "no"));
        assertThat(matrixFailure(nelson.memberships.resolveRemoteAlias("#lobby:kaslo")).status()).isEqualTo(404);
    }

    @Test
    void inviteIntoAVersion12RoomShouldNeedItsCreateEventInTheInviteRoomState() {
        String room = await(kaslo.creation.create(alice, Json.object().put("preset", "private_chat").put("room_version", "12")));
        Pdu invite = inviteOfBob(room);
        MatrixException e = matrixFailure(nelson.feature.inbound().invite("kaslo", room, invite.eventId(), inviteBody(invite, "12")));
        assertThat(e.errcode()).isEqualTo(ErrCode.M_INVALID_PARAM);
        // Through the client API the create event is sent, and the version 12 room ID names no server: the
        // invitee joins through the inviter's server.
        await(kaslo.memberships.invite(alice, room, bob, null));
        await(nelson.memberships.join(bob, room, List.of(), null));
        assertThat(nelson.client.requests.get(0)).startsWith("GET kaslo /_matrix/federation/v1/make_join/");
        assertThat(nelson.federationEvents.imported.get(0)[1]).isEqualTo(RoomVersion.V12);
    }

    // --- knocking

    @Test
    void knockingOnARemoteRoomShouldShowItUnderKnockWithTheRoomsState() {
        String room = kaslo.createRoom(alice, "private_chat");
        await(kaslo.roomEvents.send(room, EventDraft.state("m.room.join_rules", "", alice,
                Json.object().put("join_rule", "knock")), null));
        await(nelson.memberships.knock(bob, room, List.of("kaslo"), "let me in"));
        assertThat(nelson.client.requests.get(0)).startsWith("GET kaslo /_matrix/federation/v1/make_knock/");
        assertThat(nelson.client.requests.get(1)).startsWith("PUT kaslo /_matrix/federation/v1/send_knock/");
        JsonNode knock = nelson.sync(bob).path("rooms").path("knock").path(room).path("knock_state").path("events");
        assertThat(knock.findValuesAsText("type")).contains("m.room.create", "m.room.join_rules");
        assertThat(knock.get(knock.size() - 1).path("content").path("membership").asText()).isEqualTo("knock");
    }

    @Test
    void knockingShouldBeForbiddenWhenTheRoomIsNotKnockable() {
        String room = kaslo.createRoom(alice, "private_chat");
        MatrixException e = matrixFailure(nelson.memberships.knock(bob, room, List.of("kaslo"), null));
        assertThat(e.status()).isEqualTo(403);
    }
}
