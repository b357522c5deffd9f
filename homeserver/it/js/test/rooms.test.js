// Rooms through matrix-js-sdk: two clients create, join and leave a room and see each other's state changes.
// Run by org.lightweb.it.JsSdkIT against a fresh node (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient, Method, Preset, Visibility } from "matrix-js-sdk";
import { baseUrl, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 60_000 };


test("two clients create, join and leave a room and see each other's state changes", TIMEOUT, async () => {
  const alice = await newClient("alice");
  const bob = await newClient("bob");

  const { room_id: roomId } = await alice.createRoom({
    preset: Preset.PublicChat,
    visibility: Visibility.Private,
    name: "Kaslo co-op",
    topic: "Backups and chat",
  });
  assert.match(roomId, /^!/);

  // Bob joins and sees what Alice set up.
  await bob.joinRoom(roomId);
  assert.equal((await bob.getStateEvent(roomId, "m.room.name", "")).name, "Kaslo co-op");
  assert.equal((await bob.getStateEvent(roomId, "m.room.member", bob.getUserId())).membership, "join");

  // Alice changes the topic; Bob sees the change.
  await alice.setRoomTopic(roomId, "Backups, chat and contacts");
  assert.equal((await bob.getStateEvent(roomId, "m.room.topic", "")).topic, "Backups, chat and contacts");

  // Bob speaks; Alice reads the event by its id.
  const { event_id: eventId } = await bob.sendTextMessage(roomId, "hello from Nelson");
  const event = await alice.fetchRoomEvent(roomId, eventId);
  assert.equal(event.content.body, "hello from Nelson");
  assert.equal(event.sender, bob.getUserId());

  // Both are listed as joined members.
  const members = await alice.getJoinedRoomMembers(roomId);
  assert.deepEqual(Object.keys(members.joined).sort(), [alice.getUserId(), bob.getUserId()].sort());

  // Bob leaves; Alice sees his membership change, and Bob no longer lists the room.
  await bob.leave(roomId);
  assert.equal((await alice.getStateEvent(roomId, "m.room.member", bob.getUserId())).membership, "leave");
  assert.ok(!(await bob.getJoinedRooms()).joined_rooms.includes(roomId));
  const state = await alice.roomState(roomId);
  assert.ok(state.some((e) => e.type === "m.room.member" && e.state_key === bob.getUserId() && e.content.membership === "leave"));
});

test("a private room needs an invite, which the invited client can accept", TIMEOUT, async () => {
  const alice = await newClient("alice");
  const carol = await newClient("carol");
  const { room_id: roomId } = await alice.createRoom({ preset: Preset.PrivateChat });

  await assert.rejects(carol.joinRoom(roomId), (err) => err.httpStatus === 403 && err.errcode === "M_FORBIDDEN");
  await alice.invite(roomId, carol.getUserId());
  // Invited, Carol learns of the room through sync (the state API is for members).
  const sync = await carol.http.authedRequest(Method.Get, "/sync", { timeout: "0" });
  const invite = sync.rooms.invite[roomId];
  assert.ok(invite, "the invite should be in sync: " + JSON.stringify(sync.rooms));
  assert.ok(invite.invite_state.events.some((e) => e.type === "m.room.member" && e.content.membership === "invite"));
  await carol.joinRoom(roomId);
  assert.equal((await alice.getStateEvent(roomId, "m.room.member", carol.getUserId())).membership, "join");
});
