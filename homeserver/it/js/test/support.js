// What every matrix-js-sdk test file shares: the node under test (LIGHTWEB_BASE_URL, set by
// org.lightweb.it.JsSdkIT), fresh accounts registered through the dummy stage, and waiting for an SDK event.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ClientEvent, createClient } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

export const baseUrl = process.env.LIGHTWEB_BASE_URL;
if (!baseUrl) throw new Error("set LIGHTWEB_BASE_URL to the homeserver's client API base URL");
logger.setLevel("warn");

export const password = "correct horse battery staple";

/** Registers a fresh user named after {@code prefix} (user-interactive auth, dummy stage); the new session. */
export async function register(prefix) {
  const anonymous = createClient({ baseUrl });
  const username = prefix + randomBytes(5).toString("hex");
  const first = await anonymous.registerRequest({ username, password }).catch((err) => err);
  assert.equal(first.httpStatus, 401);
  return anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session: first.data.session } });
}

/**
 * A client of {@code account} with Rust crypto, syncing ({@code url}: another node's, for federation tests). The
 * crypto store is in memory: the clients of a test share one process, and the SDK keeps one IndexedDB store per
 * process.
 */
export async function cryptoClient(account, url = baseUrl) {
  const client = createClient({ baseUrl: url, accessToken: account.access_token, userId: account.user_id,
    deviceId: account.device_id });
  await client.initRustCrypto({ useIndexedDB: false });
  return started(client);
}

/** Starts the SDK's sync loop and resolves with the client once it is syncing. */
export async function started(client) {
  const ready = new Promise((resolve, reject) => {
    client.on(ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED" || state === "SYNCING") resolve();
      if (state === "ERROR") reject(data?.error ?? new Error("sync error"));
    });
  });
  await client.startClient({ initialSyncLimit: 20 });
  await ready;
  return client;
}

/** A client logged in as a fresh user, not syncing. */
export async function newClient(prefix) {
  const res = await register(prefix);
  return createClient({ baseUrl, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id });
}

/** The first value {@code pick} returns (not undefined) for an {@code event} of {@code emitter}. */
export function waitFor(emitter, event, pick, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.off(event, listener); reject(new Error("timed out waiting for " + event)); }, ms);
    function listener(...args) {
      const value = pick(...args);
      if (value !== undefined) {
        clearTimeout(timer);
        emitter.off(event, listener);
        resolve(value);
      }
    }
    emitter.on(event, listener);
  });
}
