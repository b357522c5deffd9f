// Search through matrix-js-sdk: server-side search of messages and the user directory.
// Run by org.lightweb.it.JsSdkIT against a fresh node (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient, Preset } from "matrix-js-sdk";
import { baseUrl, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 60_000 };


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
