// Secure backup as Element does it, through matrix-js-sdk's Rust crypto: alice's first device sets up
// cross-signing (keys/device_signing/upload) and
// server-side key backup (room_keys/version), receives bob's encrypted message and backs its room key up
// (room_keys/keys). A new device of alice's logs in, is cross-signed by the first (keys/signatures/upload, seen
// in keys/query), gets the backup key from the first device, restores the backup and decrypts the old message.
// Run by org.lightweb.it.JsSdkIT (LIGHTWEB_BASE_URL).
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { ClientEvent, createClient, MatrixEventEvent, Preset, RoomEvent } from "matrix-js-sdk";
import { baseUrl, cryptoClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 150_000 };


/** Polls {@code check} (async, truthy when done) every 250 ms for at most {@code ms}. */
async function eventually(what, check, ms = 60_000) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error("timed out waiting for " + what);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The decrypted form of {@code event}, waiting (bounded) for its decryption. */
function decrypted(event, ms = 30_000) {
  if (!event.isBeingDecrypted() && event.getClearContent() && !event.isDecryptionFailure()) return Promise.resolve(event);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("event " + event.getId() + " not decrypted")), ms);
    const listener = () => {
      if (event.isDecryptionFailure()) return;
      clearTimeout(timer);
      event.off(MatrixEventEvent.Decrypted, listener);
      resolve(event);
    };
    event.on(MatrixEventEvent.Decrypted, listener);
  });
}

test("a new device cross-signed by the first restores the key backup and reads old messages", TIMEOUT, async () => {
  const aliceAccount = await register("kbalice");
  const bobAccount = await register("kbbob");
  const alice = await cryptoClient(aliceAccount);
  const bob = await cryptoClient(bobAccount);
  let aliceNew;
  try {
    // Cross-signing. The callback answers the server's user-interactive auth with the password if asked; a
    // first upload needs none (spec v1.11), and the server does not ask.
    let asked = 0;
    await alice.getCrypto().bootstrapCrossSigning({
      setupNewCrossSigning: true,
      authUploadDeviceSigningKeys: async (makeRequest) => {
        try {
          await makeRequest(null);
        } catch (err) {
          if (err.httpStatus !== 401) throw err;
          asked++;
          await makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: aliceAccount.user_id },
            password, session: err.data.session });
        }
      },
    });
    assert.equal(asked, 0, "a first cross-signing upload needs no UIA");
    assert.ok(await alice.getCrypto().isCrossSigningReady(), "cross-signing is ready");

    await alice.getCrypto().resetKeyBackup();
    const version = await eventually("an active backup", () => alice.getCrypto().getActiveSessionBackupVersion());
    const backupKey = await alice.getCrypto().getSessionBackupPrivateKey();
    assert.ok(backupKey, "the first device holds the backup key");

    // bob's private room is encrypted by the server's default; he sends alice a message.
    const { room_id: roomId } = await bob.createRoom({ preset: Preset.PrivateChat, invite: [aliceAccount.user_id] });
    if (!alice.getRoom(roomId)) await waitFor(alice, ClientEvent.Room, (room) => (room.roomId === roomId ? room : undefined));
    await alice.joinRoom(roomId);
    await eventually("alice joined, seen by bob", () =>
      bob.getRoom(roomId)?.getMember(aliceAccount.user_id)?.membership === "join" && bob.getRoom(roomId).hasEncryptionStateEvent());
    const received = waitFor(alice, RoomEvent.Timeline, (event) =>
      (event.getRoomId() === roomId && event.getWireType() === "m.room.encrypted" ? event : undefined));
    const { event_id: eventId } = await bob.sendTextMessage(roomId, "before the new device");
    const atAlice = await decrypted(await received);
    assert.equal(atAlice.getContent().body, "before the new device");

    // The room key reaches the server's backup (room_keys/version counts it).
    await eventually("the room key backed up", async () => {
      const info = await alice.http.authedRequest("GET", "/room_keys/version/" + version);
      return info.count >= 1 ? info : undefined;
    });

    // A new device logs in with the password; the first device cross-signs it.
    const login = await createClient({ baseUrl }).loginRequest({ type: "m.login.password",
      identifier: { type: "m.id.user", user: aliceAccount.user_id }, password });
    aliceNew = await cryptoClient(login);
    const newDevice = login.device_id;
    await eventually("the first device sees the new one", async () => {
      const devices = await alice.getCrypto().getUserDeviceInfo([aliceAccount.user_id], true);
      return devices.get(aliceAccount.user_id)?.has(newDevice);
    });
    await alice.getCrypto().crossSignDevice(newDevice);
    const ssk = (await alice.getCrypto().getCrossSigningKeyId("self_signing"));
    const query = await bob.http.authedRequest("POST", "/keys/query", undefined,
      { device_keys: { [aliceAccount.user_id]: [newDevice] } });
    const signatures = query.device_keys[aliceAccount.user_id][newDevice].signatures[aliceAccount.user_id];
    assert.ok(signatures["ed25519:" + ssk], "the new device's keys carry the self-signing key's signature");
    await eventually("the new device cross-signing verified at the first", async () =>
      (await alice.getCrypto().getDeviceVerificationStatus(aliceAccount.user_id, newDevice))?.crossSigningVerified);

    // The new device cannot read the old message until it restores the backup.
    const room = await eventually("the room at the new device", () => aliceNew.getRoom(roomId));
    const old = await eventually("the old message at the new device", () => room.findEventById(eventId)
      ?? room.getLiveTimeline().getEvents().find((e) => e.getId() === eventId));
    await aliceNew.decryptEventIfNeeded(old);
    assert.equal(old.isDecryptionFailure(), true, "no room key before the restore");

    await aliceNew.getCrypto().storeSessionBackupPrivateKey(backupKey, version);
    const restored = await aliceNew.getCrypto().restoreKeyBackup();
    assert.ok(restored.imported >= 1, "imported " + JSON.stringify(restored));
    await aliceNew.decryptEventIfNeeded(old, { isRetry: true });
    const readable = await decrypted(old);
    assert.equal(readable.getContent().body, "before the new device");
  } finally {
    alice.stopClient();
    bob.stopClient();
    aliceNew?.stopClient();
  }
});
