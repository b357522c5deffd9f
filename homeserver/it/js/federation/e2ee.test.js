// End-to-end encryption across two federating nodes, through matrix-js-sdk's Rust crypto as Element runs it:
// alice on node A (LIGHTWEB_BASE_URL) and bob on node B (LIGHTWEB_BASE_URL_B) share an encrypted room that lives
// on A (created with bob in createRoom's invite, as Element starts a DM). Each side's keys are queried and
// one-time keys claimed over federation, room keys travel as to-device messages between the nodes, and each
// decrypts the other's message. Then bob logs in on a second device: node B announces it to A
// (m.device_list_update), alice's sync lists bob under device_lists.changed, her client queries his keys again
// and the new device decrypts her next message. Run by org.lightweb.it.JsSdkFederationIT.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient, MatrixEventEvent, Preset, RoomEvent } from "matrix-js-sdk";
import { cryptoClient, password, waitFor } from "../test/support.js";

const baseUrlA = process.env.LIGHTWEB_BASE_URL;
const baseUrlB = process.env.LIGHTWEB_BASE_URL_B;
if (!baseUrlB) throw new Error("set LIGHTWEB_BASE_URL_B to the second homeserver's client API base URL");

const TIMEOUT = { timeout: 150_000 };

/** A fresh user on the node at {@code baseUrl} (user-interactive auth, dummy stage); the new session. */
async function register(baseUrl, prefix) {
  const anonymous = createClient({ baseUrl });
  const username = prefix + randomBytes(5).toString("hex");
  const first = await anonymous.registerRequest({ username, password }).catch((err) => err);
  assert.equal(first.httpStatus, 401);
  return anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session: first.data.session } });
}


/** Resolves once {@code check()} holds, polling; rejects after {@code ms}. */
function until(what, check, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) { clearInterval(timer); resolve(); }
      else if (Date.now() - started > ms) { clearInterval(timer); reject(new Error("timed out waiting until " + what)); }
    }, 200);
  });
}

/** The next encrypted event in {@code roomId} that {@code client} sees, once its decryption has been tried. */
function nextDecrypted(client, roomId) {
  return waitFor(client, RoomEvent.Timeline, (event) => {
    if (event.getRoomId() !== roomId || event.getWireType() !== "m.room.encrypted") return undefined;
    return new Promise((resolve) => {
      if (!event.isBeingDecrypted() && (event.getClearContent() || event.isDecryptionFailure())) return resolve(event);
      event.once(MatrixEventEvent.Decrypted, () => resolve(event));
    });
  }, 90_000);
}

test("users on two federating nodes decrypt each other's messages in an encrypted room", TIMEOUT, async () => {
  const aliceAccount = await register(baseUrlA, "fedalice");
  const bobAccount = await register(baseUrlB, "fedbob");
  const serverA = aliceAccount.user_id.slice(aliceAccount.user_id.indexOf(":") + 1);
  const alice = await cryptoClient(aliceAccount, baseUrlA);
  const bob = await cryptoClient(bobAccount, baseUrlB);
  let bob2;
  try {
    const { room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      invite: [bobAccount.user_id],
      initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
    });
    await until("bob is invited on his node", () => bob.getRoom(roomId)?.getMyMembership() === "invite");
    await bob.joinRoom(roomId, { viaServers: [serverA] });
    // Each must see the other joined before encrypting, so the room key goes to the other's device.
    await until("alice sees bob joined", () => alice.getRoom(roomId)?.getMember(bobAccount.user_id)?.membership === "join");
    await until("bob sees the room encrypted", () => bob.getRoom(roomId)?.hasEncryptionStateEvent());
    assert.ok(alice.getRoom(roomId).hasEncryptionStateEvent(), "the room is encrypted");

    const atBob = nextDecrypted(bob, roomId);
    await alice.sendTextMessage(roomId, "hello from node A");
    const fromAlice = await atBob;
    assert.equal(fromAlice.isDecryptionFailure(), false, "bob could not decrypt: " + fromAlice.decryptionFailureReason);
    assert.equal(fromAlice.getContent().body, "hello from node A");

    const atAlice = nextDecrypted(alice, roomId);
    await bob.sendTextMessage(roomId, "hello from node B");
    const fromBob = await atAlice;
    assert.equal(fromBob.isDecryptionFailure(), false, "alice could not decrypt: " + fromBob.decryptionFailureReason);
    assert.equal(fromBob.getContent().body, "hello from node B");

    // A new device of bob's: alice learns of it only through device_lists.changed (bob is already tracked).
    const login = await createClient({ baseUrl: baseUrlB }).loginRequest({ type: "m.login.password",
      identifier: { type: "m.id.user", user: bobAccount.user_id }, password, initial_device_display_name: "bob 2" });
    bob2 = await cryptoClient(login, baseUrlB);
    const bobDevices = async () => (await alice.getCrypto().getUserDeviceInfo([bobAccount.user_id])).get(bobAccount.user_id);
    let known = false;
    for (const started = Date.now(); !known && Date.now() - started < 60_000;) {
      known = (await bobDevices())?.has(login.device_id) ?? false;
      if (!known) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(known, "alice's client learnt of bob's new device " + login.device_id);

    const atBob2 = nextDecrypted(bob2, roomId);
    await alice.sendTextMessage(roomId, "hello to both of bob's devices");
    const atNewDevice = await atBob2;
    assert.equal(atNewDevice.isDecryptionFailure(), false, "bob's new device could not decrypt: " + atNewDevice.decryptionFailureReason);
    assert.equal(atNewDevice.getContent().body, "hello to both of bob's devices");
  } finally {
    alice.stopClient();
    bob.stopClient();
    bob2?.stopClient();
  }
});
