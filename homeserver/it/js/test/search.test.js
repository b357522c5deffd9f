// Search through matrix-js-sdk: server-side search of messages and the user directory.
// Run by org.lightweb.it.JsSdkIT against a fresh node (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient, Preset } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

const baseUrl = process.env.LIGHTWEB_BASE_URL;
if (!baseUrl) throw new Error("set LIGHTWEB_BASE_URL to the homeserver's client API base URL");
logger.setLevel("warn");

const TIMEOUT = { timeout: 60_000 };
const password = "correct horse battery staple";

/** A fresh user, logged in: registration through the dummy UIA flow. */
async function newClient(prefix) {
  const anonymous = createClient({ baseUrl });
  const username = prefix + randomBytes(5).toString("hex");
  const first = await anonymous.registerRequest({ username, password }).catch((err) => err);
  assert.equal(first.httpStatus, 401);
  const res = await anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session: first.data.session } });
  return createClient({ baseUrl, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id });
}

test("a member finds a message by a word prefix; an outsider finds nothing", TIMEOUT, async () => {
  const alice = await newClient("alice");
  const eve = await newClient("eve");
  const { room_id: roomId } = await alice.createRoom({ preset: Preset.PrivateChat });
  const { event_id: eventId } = await alice.sendTextMessage(roomId, "the seed library opens on Saturday");

  const body = { search_categories: { room_events: { search_term: "libr", order_by: "recent" } } };
  const found = (await alice.search({ body })).search_categories.room_events;
  assert.equal(found.count, 1);
  assert.equal(found.results[0].result.event_id, eventId);
  assert.equal(found.results[0].result.content.body, "the seed library opens on Saturday");

  const hidden = (await eve.search({ body })).search_categories.room_events;
  assert.equal(hidden.results.length, 0);
});

test("the user directory finds a room mate by display name, not a stranger", TIMEOUT, async () => {
  const alice = await newClient("alice");
  const bob = await newClient("bob");
  const stranger = await newClient("stranger");
  await bob.setDisplayName("Bartholomew Cooper");
  const { room_id: roomId } = await alice.createRoom({ preset: Preset.PublicChat });
  await bob.joinRoom(roomId);

  const found = await alice.searchUserDirectory({ term: "barthol" });
  assert.deepEqual(found.results.map((u) => u.user_id), [bob.getUserId()]);
  assert.equal(found.results[0].display_name, "Bartholomew Cooper");
  assert.equal(found.limited, false);

  await stranger.setDisplayName("Bartholomew Stranger");
  const again = await alice.searchUserDirectory({ term: "bartholomew" });
  assert.deepEqual(again.results.map((u) => u.user_id), [bob.getUserId()]);
});
