// Sync through matrix-js-sdk's own sync loop (startClient), as Element runs it: two clients see each other's
// messages, typing and read receipts, and a client that restarts catches up from its stored sync token.
// Run by org.lightweb.it.JsSdkIT against a fresh node (LIGHTWEB_BASE_URL).
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  createClient, IndexedDBStore, Preset, RoomEvent, RoomMemberEvent,
} from "matrix-js-sdk";
import { baseUrl, newClient, password, register, started, waitFor } from "./support.js";

const TIMEOUT = { timeout: 90_000 };

function clientFor(account, store) {
  return createClient({ baseUrl, accessToken: account.access_token, userId: account.user_id, deviceId: account.device_id, store });
}



test("two syncing clients see each other's messages, typing and read receipts", TIMEOUT, async () => {
  const alice = await started(clientFor(await register("alice")));
  const bob = await started(clientFor(await register("bob")));
  try {
    const { room_id: roomId } = await alice.createRoom({ preset: Preset.PublicChat, name: "Sync room" });
    const bobJoined = waitFor(bob, RoomEvent.MyMembership, (room, membership) =>
      room.roomId === roomId && membership === "join" ? room : undefined);
    await bob.joinRoom(roomId);
    await bobJoined;

    // A message from Alice reaches Bob's timeline through his sync loop.
    const seen = waitFor(bob, RoomEvent.Timeline, (event, room) =>
      room?.roomId === roomId && event.getType() === "m.room.message" && event.getSender() === alice.getUserId()
        ? event : undefined);
    const { event_id: sent } = await alice.sendTextMessage(roomId, "hello Bob");
    const event = await seen;
    assert.equal(event.getId(), sent);
    assert.equal(event.getContent().body, "hello Bob");

    // Alice starts typing; Bob's client sees it.
    const typing = waitFor(bob, RoomMemberEvent.Typing, (_e, member) =>
      member.userId === alice.getUserId() && member.typing ? member : undefined);
    await alice.sendTyping(roomId, true, 10_000);
    await typing;

    // Bob reads the message; Alice's client sees his read receipt on it.
    const receipt = waitFor(alice, RoomEvent.Receipt, (ev, room) => {
      if (room.roomId !== roomId) return undefined;
      const users = ev.getContent()[sent]?.["m.read"] ?? {};
      return bob.getUserId() in users ? users[bob.getUserId()] : undefined;
    });
    await bob.sendReadReceipt(bob.getRoom(roomId).findEventById(sent));
    assert.ok((await receipt).ts > 0);
  } finally {
    alice.stopClient();
    bob.stopClient();
  }
});

test("a client that restarts with its stored sync data catches up on what it missed", TIMEOUT, async () => {
  const alice = await started(clientFor(await register("alice")));
  const carolAccount = await register("carol");
  const dbName = "carol-" + randomBytes(4).toString("hex");
  const firstStore = new IndexedDBStore({ indexedDB: globalThis.indexedDB, dbName });
  let carol = await started(clientFor(carolAccount, firstStore));
  try {
    const { room_id: roomId } = await alice.createRoom({ preset: Preset.PublicChat });
    const joined = waitFor(carol, RoomEvent.MyMembership, (room, m) => (room.roomId === roomId && m === "join" ? room : undefined));
    await carol.joinRoom(roomId);
    await joined;
    // Let the store save the sync accumulator with a token, then stop: Carol goes offline.
    await new Promise((r) => setTimeout(r, 1500));
    await firstStore.save(true);
    carol.stopClient();
    const savedToken = await firstStore.getSavedSyncToken();
    assert.ok(savedToken, "the store should hold a sync token");

    const { event_id: missed } = await alice.sendTextMessage(roomId, "while you were away");

    // Carol comes back with the same store: her client resumes from the saved token and gets what she missed.
    const secondStore = new IndexedDBStore({ indexedDB: globalThis.indexedDB, dbName });
    carol = clientFor(carolAccount, secondStore);
    const caughtUp = waitFor(carol, RoomEvent.Timeline, (event, room) =>
      room?.roomId === roomId && event.getId() === missed ? event : undefined);
    await started(carol);
    assert.equal((await caughtUp).getContent().body, "while you were away");
    // The SDK keeps its token in the store and syncs on from it (that tokens outlive a node restart is SyncIT's).
    assert.notEqual(await secondStore.getSavedSyncToken(), savedToken, "the restarted client synced on");
  } finally {
    alice.stopClient();
    carol.stopClient();
  }
});
