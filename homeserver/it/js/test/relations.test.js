// Threads, edits and redactions through matrix-js-sdk with thread support on, as Element runs it: what one client
// sends shows up right in another client's thread timeline, edited, or redacted, both live and for a client that
// starts later (which builds threads and edits from the server's bundled aggregations and GET /relations).
// Run by org.lightweb.it.JsSdkIT against a fresh node (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ClientEvent, createClient, Preset, RoomEvent } from "matrix-js-sdk";
import { baseUrl, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 90_000 };

function clientFor(account) {
  return createClient({ baseUrl, accessToken: account.access_token, userId: account.user_id, deviceId: account.device_id });
}

async function started(client) {
  const ready = new Promise((resolve, reject) => {
    client.on(ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED" || state === "SYNCING") resolve();
      if (state === "ERROR") reject(data?.error ?? new Error("sync error"));
    });
  });
  await client.startClient({ initialSyncLimit: 20, threadSupport: true });
  await ready;
  return client;
}

/** Resolves with the first truthy value of {@code probe}, checked whenever the client's rooms change, or fails after a while. */
function eventually(client, probe, what, ms = 20_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      let value;
      try { value = probe(); } catch { value = undefined; }
      if (value) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(value);
      }
    };
    const timer = setTimeout(() => { clearInterval(poll); reject(new Error("timed out waiting for " + what)); }, ms);
    // The SDK updates threads and replacements asynchronously (some after extra requests), so look again regularly.
    const poll = setInterval(check, 100);
    check();
  });
}

async function joinedRoom(alice, bob) {
  const { room_id: roomId } = await alice.createRoom({ preset: Preset.PublicChat });
  await bob.joinRoom(roomId);
  await eventually(bob, () => bob.getRoom(roomId)?.getMyMembership() === "join", "bob's join");
  return roomId;
}

function threadReplyContent(root, body) {
  return { msgtype: "m.text", body, "m.relates_to": { rel_type: "m.thread", event_id: root, is_falling_back: true,
    "m.in_reply_to": { event_id: root } } };
}

function threadEventIds(client, roomId, root) {
  const thread = client.getRoom(roomId)?.getThread(root);
  return thread ? thread.liveTimeline.getEvents().map((e) => e.getId()) : [];
}

test("thread replies from one client show in another client's thread timeline", TIMEOUT, async () => {
  const alice = await started(clientFor(await register("alice")));
  const bobAccount = await register("bob");
  const bob = await started(clientFor(bobAccount));
  let later;
  try {
    const roomId = await joinedRoom(alice, bob);
    const { event_id: root } = await alice.sendTextMessage(roomId, "thread root");
    const { event_id: first } = await alice.sendEvent(roomId, "m.room.message", threadReplyContent(root, "first reply"));
    const { event_id: second } = await alice.sendEvent(roomId, "m.room.message", threadReplyContent(root, "second reply"));

    await eventually(bob, () => {
      const ids = threadEventIds(bob, roomId, root);
      return ids.includes(first) && ids.includes(second);
    }, "both replies in bob's thread");
    const thread = bob.getRoom(roomId).getThread(root);
    assert.equal(thread.rootEvent?.getId(), root);
    assert.ok(!bob.getRoom(roomId).getLiveTimeline().getEvents().some((e) => e.getId() === first),
      "a thread reply is not in the main timeline");

    // A client starting now learns of the thread from the root's bundle and fetches its replies from the server.
    later = await started(clientFor(bobAccount));
    await eventually(later, () => {
      const ids = threadEventIds(later, roomId, root);
      return ids.includes(first) && ids.includes(second);
    }, "both replies in the later client's thread");
    // (Thread.length adds the replies the SDK sees in timelines to the bundled count, so read the bundle itself.)
    const bundle = later.getRoom(roomId).getThread(root).rootEvent.getServerAggregatedRelation("m.thread");
    assert.equal(bundle.count, 2);
    assert.equal(bundle.latest_event.event_id, second);
  } finally {
    alice.stopClient();
    bob.stopClient();
    later?.stopClient();
  }
});

test("an edit replaces the displayed content in the other client, and a redaction removes the message", TIMEOUT, async () => {
  const alice = await started(clientFor(await register("alice")));
  const bobAccount = await register("bob");
  const bob = await started(clientFor(bobAccount));
  let later;
  try {
    const roomId = await joinedRoom(alice, bob);
    const { event_id: original } = await alice.sendTextMessage(roomId, "helo wrld");
    await eventually(bob, () => bob.getRoom(roomId)?.findEventById(original), "the original at bob");

    const { event_id: edit } = await alice.sendEvent(roomId, "m.room.message", {
      msgtype: "m.text", body: "* hello world",
      "m.new_content": { msgtype: "m.text", body: "hello world" },
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    });
    const seen = await eventually(bob, () => {
      const e = bob.getRoom(roomId).findEventById(original);
      return e?.replacingEventId() === edit ? e : undefined;
    }, "the edit applied at bob");
    assert.equal(seen.getContent().body, "hello world");
    assert.equal(seen.getOriginalContent().body, "helo wrld");

    // A client starting now gets the edit bundled with the original.
    later = await started(clientFor(bobAccount));
    const bundled = await eventually(later, () => {
      const e = later.getRoom(roomId)?.findEventById(original);
      return e?.replacingEventId() === edit ? e : undefined;
    }, "the bundled edit at the later client");
    assert.equal(bundled.getContent().body, "hello world");

    await alice.redactEvent(roomId, original);
    const redacted = await eventually(bob, () => {
      const e = bob.getRoom(roomId).findEventById(original);
      return e?.isRedacted() ? e : undefined;
    }, "the redaction at bob");
    assert.equal(redacted.getContent().body, undefined);
  } finally {
    alice.stopClient();
    bob.stopClient();
    later?.stopClient();
  }
});
