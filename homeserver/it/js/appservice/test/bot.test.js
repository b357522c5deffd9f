// A real appservice framework against Lightweb: matrix-bot-sdk's Appservice (the framework many bridges and bots
// are built on) registers its users, receives transactions, joins on invite and answers a command. Run by
// org.lightweb.it.AppserviceSdkIT, which writes the registration file and starts the node with it; by hand:
//   LIGHTWEB_BASE_URL=... LIGHTWEB_SERVER_NAME=... LIGHTWEB_AS_PORT=... LIGHTWEB_AS_TOKEN=... LIGHTWEB_HS_TOKEN=...
//   LIGHTWEB_AS_ID=... node --test --test-force-exit test/
// The humans in the room talk to the node with plain fetch, so that every request is visible here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Appservice, AutojoinRoomsMixin, LogLevel, LogService, MemoryStorageProvider, RichConsoleLogger } from "matrix-bot-sdk";

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see the comment at the top of this file)`);
  return value;
}

const baseUrl = env("LIGHTWEB_BASE_URL");
const serverName = env("LIGHTWEB_SERVER_NAME");
const asPort = Number(env("LIGHTWEB_AS_PORT"));
const asToken = env("LIGHTWEB_AS_TOKEN");
const hsToken = env("LIGHTWEB_HS_TOKEN");
const asId = env("LIGHTWEB_AS_ID");

const TIMEOUT = { timeout: 60_000 };
const WAIT_MS = 20_000;

LogService.setLogger(new RichConsoleLogger());
LogService.setLevel(LogLevel.WARN);

/** The same registration the node loaded (AppserviceSdkIT writes it): the SDK checks the namespaces. */
const registration = {
  id: asId,
  as_token: asToken,
  hs_token: hsToken,
  url: `http://127.0.0.1:${asPort}`,
  sender_localpart: "sdkbot",
  rate_limited: false,
  namespaces: {
    users: [{ exclusive: true, regex: `@sdk_.*:${serverName.replace(/[.]/g, "\\.")}` }],
    aliases: [{ exclusive: true, regex: `#sdk_.*:${serverName.replace(/[.]/g, "\\.")}` }],
    rooms: [],
  },
};

let appservice;
const pings = [];
const commands = [];
const roomQueries = [];
const userQueries = [];

/** A fetch to the node with a bounded time; answers {status, json}. */
async function call(method, path, token, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

/** Registers an ordinary user through the dummy stage, as a client on an open server does. */
async function registerHuman(username, password = "correct horse battery staple") {
  const first = await call("POST", "/_matrix/client/v3/register", null, { username, password });
  if (first.status !== 401) return first;
  return call("POST", "/_matrix/client/v3/register", null, {
    username,
    password,
    auth: { type: "m.login.dummy", session: first.json.session },
  });
}

/** Polls until check() gives a truthy value, at most WAIT_MS. */
async function eventually(what, check) {
  const end = Date.now() + WAIT_MS;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`not within ${WAIT_MS} ms: ${what}`);
}

before(async () => {
  appservice = new Appservice({
    port: asPort,
    bindAddress: "127.0.0.1",
    homeserverName: serverName,
    homeserverUrl: baseUrl,
    registration,
    storage: new MemoryStorageProvider(),
  });
  // matrix-bot-sdk 0.7 predates the ping endpoint (spec v1.7, POST /_matrix/app/v1/ping): answer it the way the
  // spec says, on the SDK's own express app, before begin() installs its catch-all 404.
  appservice.expressAppInstance.post("/_matrix/app/v1/ping", (req, res) => {
    if (req.headers.authorization !== `Bearer ${hsToken}`) {
      res.status(403).json({ errcode: "M_FORBIDDEN", error: "bad hs_token" });
      return;
    }
    pings.push(req.body);
    res.status(200).json({});
  });
  // Rooms on demand, as bridges make them: the node asks about an unknown #sdk_* alias, the SDK creates the room
  // with that alias as the bot and answers 200.
  appservice.on("query.room", (alias, createRoom) => {
    roomQueries.push(alias);
    createRoom(alias.startsWith("#sdk_lobby") ? { preset: "public_chat", name: "Lobby of the SDK" } : false);
  });
  // Users on demand: the node asks about an unknown @sdk_* user (a profile lookup); the SDK registers it.
  appservice.on("query.user", (userId, createUser) => {
    userQueries.push(userId);
    createUser(userId.startsWith("@sdk_ghost") ? { display_name: "Ghost of the SDK" } : false);
  });
  AutojoinRoomsMixin.setupOnAppservice(appservice);
  appservice.on("room.message", async (roomId, event) => {
    const body = event?.content?.body;
    if (event.sender === appservice.botUserId || typeof body !== "string" || !body.startsWith("!echo ")) return;
    commands.push({ roomId, sender: event.sender, body });
    await appservice.botIntent.sendText(roomId, "echo: " + body.substring("!echo ".length), "m.notice");
  });
  // begin() listens on 127.0.0.1:asPort and then registers the bot user (botIntent.ensureRegistered()).
  await appservice.begin();
});

after(() => appservice?.stop());

test("the bot user exists once the appservice has begun", TIMEOUT, async () => {
  assert.equal(appservice.botUserId, `@sdkbot:${serverName}`);
  await appservice.botIntent.ensureRegistered();
  const me = await appservice.botClient.getWhoAmI();
  assert.equal(me.user_id, appservice.botUserId);
});

test("a namespace user is registered through the SDK and gets a display name", TIMEOUT, async () => {
  const intent = appservice.getIntentForSuffix("puppet");
  assert.equal(intent.userId, `@sdk_puppet:${serverName}`);
  await intent.ensureRegistered();
  await intent.underlyingClient.setDisplayName("Puppet of the SDK");
  assert.equal(await intent.underlyingClient.getUserId(), intent.userId);
  const profile = await call("GET", `/_matrix/client/v3/profile/${encodeURIComponent(intent.userId)}/displayname`);
  assert.equal(profile.status, 200, JSON.stringify(profile.json));
  assert.equal(profile.json.displayname, "Puppet of the SDK");
});

test("the ping reaches the SDK's appservice and comes back", TIMEOUT, async () => {
  const ping = await call("POST", `/_matrix/client/v1/appservice/${encodeURIComponent(asId)}/ping`, asToken, {
    transaction_id: "sdk-ping-1",
  });
  assert.equal(ping.status, 200, JSON.stringify(ping.json));
  assert.equal(typeof ping.json.duration_ms, "number");
  assert.deepEqual(pings.at(-1), { transaction_id: "sdk-ping-1" });
});

test("a human joins a room the SDK creates when the node asks about its alias", TIMEOUT, async () => {
  const human = await registerHuman("human" + randomBytes(4).toString("hex"));
  assert.equal(human.status, 200, JSON.stringify(human.json));
  const alias = `#sdk_lobby:${serverName}`;
  const join = await call("POST", `/_matrix/client/v3/join/${encodeURIComponent(alias)}`, human.json.access_token, {});
  assert.equal(join.status, 200, JSON.stringify(join.json));
  assert.deepEqual(roomQueries, [alias]);
  const name = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(join.json.room_id)}/state/m.room.name/`,
    human.json.access_token);
  assert.equal(name.json.name, "Lobby of the SDK");
  const again = await call("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
  assert.equal(again.json.room_id, join.json.room_id);

  const declined = await call("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(`#sdk_nothing:${serverName}`)}`);
  assert.equal(declined.status, 404, JSON.stringify(declined.json));
  assert.deepEqual(roomQueries, [alias, `#sdk_nothing:${serverName}`]);
});

test("a profile lookup makes the SDK create a user of its namespace on demand", TIMEOUT, async () => {
  const ghost = `@sdk_ghost:${serverName}`;
  const profile = await call("GET", `/_matrix/client/v3/profile/${encodeURIComponent(ghost)}`);
  assert.equal(profile.status, 200, JSON.stringify(profile.json));
  assert.equal(profile.json.displayname, "Ghost of the SDK");
  assert.deepEqual(userQueries, [ghost]);

  const nobody = `@sdk_nobody:${serverName}`;
  const missing = await call("GET", `/_matrix/client/v3/profile/${encodeURIComponent(nobody)}`);
  assert.equal(missing.status, 404, JSON.stringify(missing.json));
  assert.deepEqual(userQueries, [ghost, nobody]);
});

test("a human cannot take a name of the exclusive namespace", TIMEOUT, async () => {
  const res = await registerHuman("sdk_x");
  assert.equal(res.status, 400, JSON.stringify(res.json));
  assert.equal(res.json.errcode, "M_EXCLUSIVE");
});

test("the bot joins on invite and answers !echo in the room", TIMEOUT, async () => {
  const human = await registerHuman("human" + randomBytes(4).toString("hex"));
  assert.equal(human.status, 200, JSON.stringify(human.json));
  const token = human.json.access_token;

  const created = await call("POST", "/_matrix/client/v3/createRoom", token, { name: "with the sdk bot" });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const roomId = created.json.room_id;
  const invite = await call("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, token, {
    user_id: appservice.botUserId,
  });
  assert.equal(invite.status, 200, JSON.stringify(invite.json));

  // The invite goes to the SDK in a transaction; AutojoinRoomsMixin joins as the bot.
  await eventually("the bot's join", async () => {
    const members = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, token);
    return members.status === 200 && members.json.joined?.[appservice.botUserId];
  });

  const sent = await call("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/echo1`, token, {
    msgtype: "m.text",
    body: "!echo hello",
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.json));

  const reply = await eventually("the bot's reply", async () => {
    const page = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=20`, token);
    assert.equal(page.status, 200, JSON.stringify(page.json));
    return page.json.chunk.find((e) => e.type === "m.room.message" && e.sender === appservice.botUserId);
  });
  assert.equal(reply.content.body, "echo: hello");
  assert.equal(reply.content.msgtype, "m.notice");
  assert.deepEqual(commands.map((c) => c.body), ["!echo hello"]);
  assert.equal(commands[0].sender, human.json.user_id);
});

test("a namespace user invited to the room joins and speaks through the SDK", TIMEOUT, async () => {
  const human = await registerHuman("human" + randomBytes(4).toString("hex"));
  assert.equal(human.status, 200, JSON.stringify(human.json));
  const token = human.json.access_token;
  const created = await call("POST", "/_matrix/client/v3/createRoom", token, {});
  const roomId = created.json.room_id;
  const puppet = appservice.getIntentForSuffix("puppet");
  const invite = await call("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, token, {
    user_id: puppet.userId,
  });
  assert.equal(invite.status, 200, JSON.stringify(invite.json));
  await eventually("the puppet's join", async () => {
    const members = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, token);
    return members.status === 200 && members.json.joined?.[puppet.userId];
  });

  // Intent.sendText masquerades with ?user_id= and the as_token.
  const eventId = await puppet.sendText(roomId, "said by the puppet");
  const seen = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`, token);
  assert.equal(seen.status, 200, JSON.stringify(seen.json));
  assert.equal(seen.json.sender, puppet.userId);
  assert.equal(seen.json.content.body, "said by the puppet");
  const members = await call("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`, token);
  assert.equal(members.json.joined[puppet.userId].display_name, "Puppet of the SDK");
  assert.deepEqual(await puppet.getJoinedRooms(), [roomId]);
});
