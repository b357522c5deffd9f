// Media through matrix-js-sdk: one client uploads an image, another downloads it through the authenticated
// endpoint (the URL the SDK builds with useAuthentication). Run by org.lightweb.it.JsSdkIT (LIGHTWEB_BASE_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient } from "matrix-js-sdk";
import { baseUrl, newClient, password, register, waitFor } from "./support.js";

const TIMEOUT = { timeout: 60_000 };

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
