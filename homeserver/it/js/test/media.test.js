// Media through matrix-js-sdk: one client uploads an image, another downloads it through the authenticated
// endpoint (the URL the SDK builds with useAuthentication). Run by org.lightweb.it.JsSdkIT (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

const baseUrl = process.env.LIGHTWEB_BASE_URL;
if (!baseUrl) throw new Error("set LIGHTWEB_BASE_URL to the homeserver's client API base URL");
logger.setLevel("warn");

const TIMEOUT = { timeout: 60_000 };
const password = "correct horse battery staple";

async function newClient(prefix) {
  const anonymous = createClient({ baseUrl });
  const username = prefix + randomBytes(5).toString("hex");
  const first = await anonymous.registerRequest({ username, password }).catch((err) => err);
  assert.equal(first.httpStatus, 401);
  const res = await anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session: first.data.session } });
  return createClient({ baseUrl, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id });
}

// A 2x2 opaque PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DA8B+MgBgAHfAD/dPQfSYAAAAASUVORK5CYII=",
  "base64");

test("an image uploaded by one client downloads byte-exact for another, with a token only", TIMEOUT, async () => {
  const alice = await newClient("alice");
  const bob = await newClient("bob");
  const { content_uri: mxc } = await alice.uploadContent(PNG, { name: "dot.png", type: "image/png" });
  assert.match(mxc, /^mxc:\/\/[^/]+\/[A-Za-z0-9]+$/);

  const url = bob.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
  assert.match(url, /\/_matrix\/client\/v1\/media\/download\//);
  const res = await fetch(url, { headers: { Authorization: `Bearer ${bob.getAccessToken()}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/png");
  assert.match(res.headers.get("content-disposition"), /^inline; filename="dot.png"$/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);

  const thumb = bob.mxcUrlToHttp(mxc, 32, 32, "scale", false, true, true);
  const thumbRes = await fetch(thumb, { headers: { Authorization: `Bearer ${bob.getAccessToken()}` } });
  assert.equal(thumbRes.status, 200);
  assert.match(thumbRes.headers.get("content-type"), /^image\/(png|jpeg)$/);

  const anonymous = await fetch(url);
  assert.equal(anonymous.status, 401);
});
