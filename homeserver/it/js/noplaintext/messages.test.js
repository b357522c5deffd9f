// Sends one message encrypted (matrix-js-sdk's Rust crypto, a private room encrypted by the server's default) and
// one in clear (a public room), with the texts org.lightweb.it.E2eeNoPlaintextIT gives in LIGHTWEB_SECRET_TEXT and
// LIGHTWEB_PLAIN_TEXT; the receiver decrypts the first, so it really went through the node. The Java test then
// looks for both texts in the node's database. Not part of JsSdkIT's suite (it lives outside test/).
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { ClientEvent, MatrixEventEvent, Preset, RoomEvent } from "matrix-js-sdk";
import { baseUrl, cryptoClient, register, waitFor } from "../test/support.js";

const secretText = process.env.LIGHTWEB_SECRET_TEXT;
const plainText = process.env.LIGHTWEB_PLAIN_TEXT;
if (!secretText || !plainText) throw new Error("set LIGHTWEB_SECRET_TEXT and LIGHTWEB_PLAIN_TEXT");


test("an encrypted and a clear message are sent through the node", { timeout: 120_000 }, async () => {
  const aliceAccount = await register("npalice");
  const bobAccount = await register("npbob");
  const alice = await cryptoClient(aliceAccount);
  const bob = await cryptoClient(bobAccount);
  try {
    // No initial_state: the node encrypts private rooms by default (rooms.encryption_by_default: invite).
    const { room_id: roomId } = await alice.createRoom({ preset: Preset.PrivateChat, invite: [bobAccount.user_id] });
    if (!bob.getRoom(roomId)) await waitFor(bob, ClientEvent.Room, (room) => (room.roomId === roomId ? room : undefined));
    await bob.joinRoom(roomId);
    await new Promise((resolve, reject) => {
      const check = () => alice.getRoom(roomId)?.getMember(bobAccount.user_id)?.membership === "join"
        && alice.getRoom(roomId)?.hasEncryptionStateEvent();
      if (check()) return resolve();
      const started = Date.now();
      const timer = setInterval(() => {
        if (check()) { clearInterval(timer); resolve(); }
        else if (Date.now() - started > 60_000) { clearInterval(timer); reject(new Error("bob never joined")); }
      }, 200);
    });
    const decrypted = waitFor(bob, RoomEvent.Timeline, (event) => {
      if (event.getRoomId() !== roomId || event.getWireType() !== "m.room.encrypted") return undefined;
      return new Promise((resolve) => {
        if (!event.isBeingDecrypted() && event.getClearContent()) return resolve(event);
        event.once(MatrixEventEvent.Decrypted, () => resolve(event));
      });
    });
    await alice.sendTextMessage(roomId, secretText);
    const event = await (await decrypted);
    assert.equal(event.isDecryptionFailure(), false, "decryption failed: " + event.decryptionFailureReason);
    assert.equal(event.getContent().body, secretText);

    const { room_id: publicRoom } = await alice.createRoom({ preset: Preset.PublicChat });
    await alice.sendTextMessage(publicRoom, plainText);
  } finally {
    alice.stopClient();
    bob.stopClient();
  }
});
