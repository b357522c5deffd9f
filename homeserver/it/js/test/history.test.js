// History through matrix-js-sdk: a client that starts after a room's history was written scrolls back through it
// (/messages from the sync timeline's prev_batch) to the room's creation. Run by org.lightweb.it.JsSdkIT.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ClientEvent, createClient, EventType, Preset } from "matrix-js-sdk";
import { baseUrl, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 90_000 };

function clientFor(account) {
  return createClient({ baseUrl, accessToken: account.access_token, userId: account.user_id, deviceId: account.device_id });
}

async function started(client, initialSyncLimit) {
  const ready = new Promise((resolve, reject) => {
    client.on(ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED" || state === "SYNCING") resolve();
      if (state === "ERROR") reject(data?.error ?? new Error("sync error"));
    });
  });
  await client.startClient({ initialSyncLimit });
  await ready;
  return client;
}

test("a client scrolls back through history sent before it started, to the room's creation", TIMEOUT, async () => {
  const account = await register("historian");
  const writer = clientFor(account);
  const { room_id: roomId } = await writer.createRoom({ preset: Preset.PrivateChat, name: "Archive" });
  const sent = [];
  for (let i = 0; i < 25; i++) {
    await writer.sendTextMessage(roomId, "entry " + i);
    sent.push("entry " + i);
  }

  const reader = await started(clientFor(account), 5);
  try {
    const room = reader.getRoom(roomId);
    assert.ok(room, "the room should be in the initial sync");
    const bodies = () => room.getLiveTimeline().getEvents()
      .filter((e) => e.getType() === EventType.RoomMessage).map((e) => e.getContent().body);
    assert.deepEqual(bodies(), sent.slice(20), "the initial sync carries the last five");

    for (let i = 0; i < 20 && room.oldState.paginationToken !== null; i++) await reader.scrollback(room, 7);

    assert.equal(room.oldState.paginationToken, null, "scrolling back should reach the start of the room");
    assert.deepEqual(bodies(), sent, "every message once, in order");
    assert.equal(room.getLiveTimeline().getEvents()[0].getType(), EventType.RoomCreate);
  } finally {
    reader.stopClient();
  }
});
