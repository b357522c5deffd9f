// Account basics through matrix-js-sdk, the SDK behind Element Web: if these pass, a real client can register,
// log in and find out who it is on Lightweb. Run by org.lightweb.it.JsSdkIT against a fresh node, or by hand:
//   LIGHTWEB_BASE_URL=http://127.0.0.1:8008 node --test test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createClient } from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

const baseUrl = process.env.LIGHTWEB_BASE_URL;
if (!baseUrl) throw new Error("set LIGHTWEB_BASE_URL to the homeserver's client API base URL");
logger.setLevel("warn");

const TIMEOUT = { timeout: 30_000 };
const password = "correct horse battery staple";

function freshUsername() {
  return "js" + randomBytes(6).toString("hex");
}

/** Registers through the user-interactive auth dummy flow, as Element does on an open server. */
async function registerWithDummyAuth(client, username) {
  const first = await client.registerRequest({ username, password }).then(
    (res) => assert.fail("registration without auth should answer 401 with the flows, got " + JSON.stringify(res)),
    (err) => err,
  );
  assert.equal(first.httpStatus, 401, "first register call: " + first);
  const session = first.data.session;
  assert.ok(session, "the 401 should carry a UIA session");
  const stages = first.data.flows.flatMap((f) => f.stages);
  assert.ok(stages.includes("m.login.dummy"), "m.login.dummy should be offered, got " + stages);
  return client.registerRequest({
    username,
    password,
    initial_device_display_name: "matrix-js-sdk test",
    auth: { type: "m.login.dummy", session },
  });
}

test("versions answers in the shape the SDK reads", TIMEOUT, async () => {
  // The list itself grows as features land (DiscoveryRoutes.SPEC_VERSIONS); here only its shape is checked.
  const versions = await createClient({ baseUrl }).getVersions();
  assert.ok(Array.isArray(versions.versions), "versions: " + JSON.stringify(versions));
});

test("registration with the dummy stage logs the new user in", TIMEOUT, async () => {
  const client = createClient({ baseUrl });
  const username = freshUsername();
  assert.equal(await client.isUsernameAvailable(username), true);

  const res = await registerWithDummyAuth(client, username);
  assert.match(res.user_id, new RegExp("^@" + username + ":"));
  assert.ok(res.access_token, "an access token");
  assert.ok(res.device_id, "a device id");
  assert.equal(await client.isUsernameAvailable(username), false);

  const loggedIn = createClient({ baseUrl, accessToken: res.access_token, userId: res.user_id });
  const me = await loggedIn.whoami();
  assert.equal(me.user_id, res.user_id);
  assert.equal(me.device_id, res.device_id);
});

test("password login works with the legacy user field and with an identifier", TIMEOUT, async () => {
  const username = freshUsername();
  const registered = await registerWithDummyAuth(createClient({ baseUrl }), username);

  const legacy = createClient({ baseUrl });
  const first = await legacy.loginWithPassword(username, password);
  assert.equal(first.user_id, registered.user_id);
  assert.equal((await legacy.whoami()).user_id, registered.user_id);

  const modern = createClient({ baseUrl });
  const second = await modern.login("m.login.password", {
    identifier: { type: "m.id.user", user: registered.user_id },
    password,
    device_id: "JSSDKDEVICE",
  });
  assert.equal(second.device_id, "JSSDKDEVICE");
  const me = await modern.whoami();
  assert.equal(me.user_id, registered.user_id);
  assert.equal(me.device_id, "JSSDKDEVICE");

  await modern.logout();
  const afterLogout = await modern.whoami().then(() => null, (err) => err);
  assert.ok(afterLogout, "whoami should fail after logout");
  assert.equal(afterLogout.errcode, "M_UNKNOWN_TOKEN");
  assert.equal((await legacy.whoami()).user_id, registered.user_id, "the other device stays logged in");
});

test("a wrong password is refused with M_FORBIDDEN", TIMEOUT, async () => {
  const username = freshUsername();
  await registerWithDummyAuth(createClient({ baseUrl }), username);
  const err = await createClient({ baseUrl }).loginWithPassword(username, "not the password").then(
    () => assert.fail("login with a wrong password should fail"),
    (e) => e,
  );
  assert.equal(err.httpStatus, 403);
  assert.equal(err.errcode, "M_FORBIDDEN");
});
