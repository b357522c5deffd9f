// End-to-end encryption through matrix-js-sdk's Rust crypto, as Element runs it: two clients in an encrypted
// room (m.megolm.v1.aes-sha2); the sender claims the receiver's one-time key, shares the room key over
// to-device, and the receiver decrypts the message. Run by org.lightweb.it.JsSdkIT (LIGHTWEB_BASE_URL).
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ClientEvent, MatrixEventEvent, Preset, RoomEvent } from "matrix-js-sdk";
import { baseUrl, cryptoClient, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 120_000 };


test("a message in an encrypted room is decrypted by the other member's device", TIMEOUT, async () => {
  const aliceAccount = await register("e2alice");
  const bobAccount = await register("e2bob");
  const alice = await cryptoClient(aliceAccount);
  const bob = await cryptoClient(bobAccount);
  try {
    const { room_id: roomId } = await alice.createRoom({
      preset: Preset.PrivateChat,
      invite: [bobAccount.user_id],
      initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
    });
    await waitFor(bob, ClientEvent.Room, (room) => (room.roomId === roomId ? room : undefined)).catch(() => undefined);
    await bob.joinRoom(roomId);
    // Alice must see Bob joined before she encrypts, so the room key goes to his device.
    await new Promise((resolve) => {
      const check = () => alice.getRoom(roomId)?.getMember(bobAccount.user_id)?.membership === "join";
      if (check()) return resolve();
      const timer = setInterval(() => { if (check()) { clearInterval(timer); resolve(); } }, 200);
    });
    assert.ok(alice.getRoom(roomId).hasEncryptionStateEvent(), "the room is encrypted");

    const decrypted = waitFor(bob, RoomEvent.Timeline, (event) => {
      if (event.getRoomId() !== roomId || event.getWireType() !== "m.room.encrypted") return undefined;
      return new Promise((resolve) => {
        if (!event.isBeingDecrypted() && event.getClearContent()) return resolve(event);
        event.once(MatrixEventEvent.Decrypted, () => resolve(event));
      });
    });
    await alice.sendTextMessage(roomId, "secret hello");
    const event = await (await decrypted);
    assert.equal(event.isDecryptionFailure(), false, "decryption failed: " + event.decryptionFailureReason);
    assert.equal(event.getContent().body, "secret hello");
  } finally {
    alice.stopClient();
    bob.stopClient();
  }
});
