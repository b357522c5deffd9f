package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.plugins.MisbehavingPlugins;
import org.lightweb.plugin.testkit.PluginJar;

/**
 * The plugin host on a real node: the example plugin (the jar the same Maven run built from plugins/example-greeter)
 * through every extension point, and plugins built here that throw, hang, need another SDK or create tables outside
 * their prefix. None of them takes the node down.
 */
class PluginsIT {
    static final Path PLUGINS = pluginDirectory();

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> configure(c, PLUGINS));

    static String admin;
    static TestClient.Account alice;

    /** plugins.* for a test node: short time limits, and the example plugin's section. */
    static void configure(ObjectNode c, Path directory) {
        ObjectNode p = c.putObject("plugins");
        p.put("directory", directory.toString()).put("start_timeout", "3s").put("hook_timeout", "500ms")
                .put("request_timeout", "2s").put("max_request_body", "4KiB");
        ObjectNode sections = p.putObject("config");
        sections.putObject("example-greeter").put("greeting", "Kia ora").put("forbidden_word", "durian")
                .put("tick_interval", "1s");
    }

    /** The jar of plugins/example-greeter, built earlier in the same Maven run. */
    static Path exampleJar() {
        Path target = Path.of(System.getProperty("lightweb.repo.root", "../..")).resolve("plugins/example-greeter/target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("lightweb-plugin-example-greeter-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no example plugin jar in " + target
                            + ": build it first (mvn -B package -pl plugins/example-greeter -am)"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build plugins/example-greeter first", e);
        }
    }

    /** A plugins directory with the example plugin alone. */
    static Path withExamplePlugin() {
        try {
            Path dir = Files.createTempDirectory("lightweb-plugins-");
            Files.copy(exampleJar(), dir.resolve("example-greeter.jar"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path pluginDirectory() {
        try {
            Path dir = Files.createTempDirectory("lightweb-plugins-");
            Files.copy(exampleJar(), dir.resolve("example-greeter.jar"));
            PluginJar.builder(dir, "thrower").pluginClass(MisbehavingPlugins.Throwing.class).build();
            PluginJar.builder(dir, "sleeper").pluginClass(MisbehavingPlugins.HangsOnStart.class).build();
            PluginJar.builder(dir, "future").requires(">=2.0.0 & <3.0.0")
                    .extension(MisbehavingPlugins.UnrulyRoutes.class).build();
            PluginJar.builder(dir, "sneaky").pluginClass(MisbehavingPlugins.Sneaky.class)
                    .resource("db/sneaky/common/V1__tables.sql", "CREATE TABLE sneaky_ok (id TEXT); CREATE TABLE not_mine (id TEXT);")
                    .build();
            PluginJar.builder(dir, "unruly").extension(MisbehavingPlugins.UnrulyRoutes.class,
                    MisbehavingPlugins.HangingVeto.class, MisbehavingPlugins.ThrowingListener.class).build();
            PluginJar.builder(dir, "probe").extension(org.lightweb.it.plugins.ProbeRoutes.class).build();
            zipped(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PF4J zip as plugins/README.md describes it: plugin.properties, classes/ and lib/*.jar. */
    private static void zipped(Path dir) throws IOException {
        Path work = Files.createTempDirectory("lightweb-zip-");
        Path library = PluginJar.builder(work, "library").classes(MisbehavingPlugins.ZippedLibrary.class).build();
        String routes = MisbehavingPlugins.ZippedRoutes.class.getName().replace('.', '/') + ".class";
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve("zipped-1.0.0.zip")));
             var classFile = PluginsIT.class.getClassLoader().getResourceAsStream(routes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
            zip.write(("plugin.id=zipped\nplugin.version=1.0.0\nplugin.requires=>=1.0.0 & <2.0.0\n"
                    + "plugin.description=Shipped as a zip\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("classes/" + routes));
            zip.write(classFile.readAllBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("classes/META-INF/extensions.idx"));
            zip.write((MisbehavingPlugins.ZippedRoutes.class.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("lib/library.jar"));
            zip.write(Files.readAllBytes(library));
            zip.closeEntry();
        }
    }

    @BeforeAll
    static void accounts() {
        admin = AdminIT.registerWithSharedSecret(node, "root", "password123", true);
        alice = node.client().register("alice", "password123");
    }

    static Map<String, JsonNode> plugins(TestNode node, String adminToken) {
        var res = node.client().get("/_lightweb/admin/v1/plugins", adminToken);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        res.json().path("plugins").forEach(p -> byId.put(p.path("id").asText(), p));
        return byId;
    }

    /** Polls until the value passes, for at most 15 s. */
    static <T> T eventually(Supplier<T> value, Predicate<T> ok) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T v = value.get();
        while (!ok.test(v) && System.nanoTime() < end) {
            Thread.sleep(100);
            v = value.get();
        }
        return v;
    }

    static TestClient.Response command(TestNode node, String token, String name, String... args) {
        var body = Json.object();
        var list = body.putArray("args");
        for (String a : args) list.add(a);
        return node.client().post("/_lightweb/admin/v1/plugins/commands/" + name, token, body);
    }

    @Test
    void pluginListShouldSayWhyEachPluginRunsOrNotWhenTheNodeStarted() {
        Map<String, JsonNode> all = plugins(node, admin);
        assertThat(all).containsOnlyKeys("example-greeter", "thrower", "sleeper", "future", "sneaky", "unruly", "zipped", "probe");

        JsonNode greeter = all.get("example-greeter");
        assertThat(greeter.path("state").asText()).isEqualTo("started");
        assertThat(greeter.path("requires").asText()).isEqualTo(">=1.0.0 & <2.0.0");
        assertThat(greeter.path("routes").toString()).contains("client GET /_lightweb/example-greeter/v1/greet/{name}",
                "server GET /_lightweb/example-greeter/v1/hello", "well_known GET /.well-known/example-greeter");
        assertThat(greeter.path("commands").toString()).contains("greet-stats", "greet-room", "greet-ping");
        assertThat(greeter.path("jobs").toString()).contains("ticker");
        assertThat(greeter.path("event_listeners").asInt()).isEqualTo(1);
        assertThat(greeter.path("event_vetoes").asInt()).isEqualTo(1);

        assertThat(all.get("thrower").path("state").asText()).isEqualTo("failed");
        assertThat(all.get("thrower").path("error").asText()).contains("plugins.config.thrower.must_be_set");
        assertThat(all.get("sleeper").path("state").asText()).isEqualTo("failed");
        assertThat(all.get("sleeper").path("error").asText()).contains("no answer within 3000 ms");
        assertThat(all.get("future").path("state").asText()).isEqualTo("incompatible");
        assertThat(all.get("future").path("error").asText()).contains(">=2.0.0 & <3.0.0", org.lightweb.plugin.SdkVersion.VERSION);
        assertThat(all.get("sneaky").path("state").asText()).isEqualTo("failed");
        assertThat(all.get("sneaky").path("error").asText()).contains("outside its prefix", "not_mine");
        assertThat(all.get("unruly").path("state").asText()).isEqualTo("started");
        assertThat(all.get("zipped").path("state").asText()).isEqualTo("started");
    }

    @Test
    void nodeServicesShouldAnswerAPluginAboutRoomsStateMembersUsersAndAliases() {
        String roomId = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object()
                .put("name", "Probed").put("room_alias_name", "probed")).json().path("room_id").asText();
        var res = node.client().get("/_lightweb/probe/rooms/" + roomId, alice.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("exists").asBoolean()).isTrue();
        assertThat(res.json().path("state_types").toString()).contains("m.room.create", "m.room.member", "m.room.power_levels");
        assertThat(res.json().path("name").asText()).isEqualTo("Probed");
        assertThat(res.json().path("members").toString()).contains(alice.userId());
        assertThat(res.json().path("callers_rooms").toString()).contains(roomId);
        assertThat(res.json().path("caller").path("admin").asBoolean()).isFalse();
        assertThat(node.client().get("/_lightweb/probe/rooms/!nowhere:localhost", alice.accessToken()).json()
                .path("exists").asBoolean()).isFalse();
        assertThat(node.client().get("/_lightweb/probe/alias/%23probed:localhost", alice.accessToken()).json()
                .path("room_id").asText()).isEqualTo(roomId);
    }

    @Test
    void zippedPluginShouldLoadItsLibrariesFromItsLibDirectory() {
        var res = node.client().get("/_lightweb/zipped/where");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("library").asText()).isEqualTo("HostClassLoader");
    }

    @Test
    void pluginAdminApiShouldRefuseWhenCallerIsNotAnAdmin() {
        var list = node.client().get("/_lightweb/admin/v1/plugins", alice.accessToken());
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().post("/_lightweb/admin/v1/plugins/example-greeter/disable", alice.accessToken(), Json.object())
                .status()).isEqualTo(403);
        assertThat(command(node, alice.accessToken(), "greet-stats").status()).isEqualTo(403);
        assertThat(node.client().get("/_lightweb/admin/v1/plugins").errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void clientRouteShouldAnswerWithTheCallerWhenTheAccessTokenIsValid() {
        var res = node.client().get("/_lightweb/example-greeter/v1/greet/Nelson%20Lakes", alice.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().path("greeting").asText()).isEqualTo("Kia ora, Nelson Lakes");
        assertThat(res.json().path("from").asText()).isEqualTo(alice.userId());

        var anonymous = node.client().get("/_lightweb/example-greeter/v1/greet/x");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errcode()).isEqualTo("M_MISSING_TOKEN");
        assertThat(node.client().get("/_lightweb/example-greeter/v1/greet/x", "not-a-token").errcode()).isEqualTo("M_UNKNOWN_TOKEN");
    }

    @Test
    void guestbookShouldKeepItsEntriesInThePluginsTablesWhenTheNodeRestarts() throws Exception {
        var post = node.client().post("/_lightweb/example-greeter/v1/guestbook", alice.accessToken(),
                Json.object().put("message", "kept across restarts"));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        var bad = node.client().post("/_lightweb/example-greeter/v1/guestbook", alice.accessToken(), Json.object().put("message", 7));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errcode()).isEqualTo("M_BAD_JSON");

        node.restart();

        var list = node.client().get("/_lightweb/example-greeter/v1/guestbook", alice.accessToken());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("entries").toString()).contains("kept across restarts", alice.userId());
        assertThat(plugins(node, admin).get("example-greeter").path("state").asText()).isEqualTo("started");
    }

    @Test
    void openAndWellKnownRoutesShouldAnswerWithoutAToken() {
        var stats = node.client().get("/_lightweb/example-greeter/v1/stats");
        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        assertThat(stats.json().has("events_seen")).isTrue();

        var wellKnown = node.client().get("/.well-known/example-greeter");
        assertThat(wellKnown.status()).isEqualTo(200);
        assertThat(wellKnown.json().path("base").asText()).isEqualTo("/_lightweb/example-greeter");
        // The node's own well-known answers are never the plugins'
        assertThat(node.client().get("/.well-known/matrix/client").json().has("m.homeserver")).isTrue();
    }

    @Test
    void unknownPluginPathsShouldGetMatrixErrorsWhenNothingServesThem() {
        var unknownPlugin = node.client().get("/_lightweb/nobody/v1/x");
        assertThat(unknownPlugin.status()).isEqualTo(404);
        assertThat(unknownPlugin.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(node.client().get("/_lightweb/example-greeter/v1/nothing-here").status()).isEqualTo(404);
        var wrongMethod = node.client().send("DELETE", "/_lightweb/example-greeter/v1/stats", null, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errcode()).isEqualTo("M_UNRECOGNIZED");
        // A failed or incompatible plugin serves nothing
        assertThat(node.client().get("/_lightweb/future/refuses").status()).isEqualTo(404);
        // Server routes live on the federation listener only
        assertThat(node.client().get("/_lightweb/example-greeter/v1/hello").status()).isEqualTo(404);
    }

    @Test
    void handlersThatThrowOrHangShouldGetMatrixErrorsAndLeaveTheNodeServing() {
        var thrown = node.client().get("/_lightweb/unruly/throws");
        assertThat(thrown.status()).isEqualTo(500);
        assertThat(thrown.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(thrown.body()).doesNotContain("IllegalStateException", "boom");

        long start = System.nanoTime();
        var hung = node.client().get("/_lightweb/unruly/hangs");
        assertThat(hung.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

        var refused = node.client().get("/_lightweb/unruly/refuses");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(refused.json().path("error").asText()).isEqualTo("Not for you");

        var echo = node.client().post("/_lightweb/unruly/echo/a/b%20c", null, Json.object().put("n", 1));
        assertThat(echo.status()).as(echo.body()).isEqualTo(200);
        assertThat(echo.json().path("rest").asText()).isEqualTo("a/b c");
        assertThat(echo.json().path("json").path("n").asLong()).isEqualTo(1);
        var tooLarge = node.client().post("/_lightweb/unruly/echo/x", null, Json.object().put("pad", "x".repeat(5000)));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errcode()).isEqualTo("M_TOO_LARGE");
        var notJson = node.client().send("POST", "/_lightweb/unruly/echo/x", null, "not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");

        assertThat(node.client().get("/_matrix/client/versions").status()).isEqualTo(200);
        assertThat(plugins(node, admin).get("unruly").path("failures").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void vetoShouldRefuseTheForbiddenWordAndAHangingVetoShouldLetEventsThrough() throws Exception {
        String roomId = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object())
                .json().path("room_id").asText();
        long before = node.client().get("/_lightweb/example-greeter/v1/stats").json().path("messages_seen").asLong();

        var refused = node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t1", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "I like DURIAN"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(refused.json().path("error").asText()).containsIgnoringCase("durian");

        // unruly's veto never answers: after plugins.hook_timeout the event goes through
        var sent = node.client().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t2", alice.accessToken(),
                Json.object().put("msgtype", "m.text").put("body", "hello"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        // The greeter's listener heard of it, although unruly's listener throws on every event
        long after = eventually(() -> node.client().get("/_lightweb/example-greeter/v1/stats").json()
                .path("messages_seen").asLong(), n -> n > before);
        assertThat(after).isEqualTo(before + 1);
    }

    @Test
    void adminCommandsShouldBeListedAndRunForAdmins() {
        var list = node.client().get("/_lightweb/admin/v1/plugins/commands", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("commands").toString()).contains("\"name\":\"greet-stats\"", "\"plugin\":\"example-greeter\"");

        var stats = command(node, admin, "greet-stats");
        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        assertThat(stats.json().path("text").asText()).contains("ticks");
        assertThat(stats.json().path("html").asText()).contains("<table");

        var unknown = command(node, admin, "no-such-command");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
        var badArgs = node.client().post("/_lightweb/admin/v1/plugins/commands/greet-stats", admin, Json.object().put("args", "x"));
        assertThat(badArgs.errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void botShouldJoinAndPostWhenAnAdminRunsGreetRoom() {
        String roomId = node.client().post("/_matrix/client/v3/createRoom", alice.accessToken(),
                Json.object().put("preset", "public_chat")).json().path("room_id").asText();

        var reply = command(node, admin, "greet-room", roomId);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("text").asText()).contains("$");

        var members = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/joined_members", alice.accessToken());
        assertThat(members.json().path("joined").has("@greeter:localhost")).isTrue();
        var messages = node.client().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=5", alice.accessToken());
        assertThat(messages.body()).contains("Kia ora", "m.notice", "@greeter:localhost");
    }

    @Test
    void scheduledJobShouldRunAtItsInterval() throws Exception {
        long ticks = eventually(() -> node.client().get("/_lightweb/example-greeter/v1/stats").json().path("ticks").asLong(),
                n -> n >= 2);
        assertThat(ticks).isGreaterThanOrEqualTo(2);
    }

    @Test
    void disableShouldTakeAPluginAwayAndEnableAndReloadShouldBringItBack() {
        String greet = "/_lightweb/example-greeter/v1/greet/x";
        var disabled = node.client().post("/_lightweb/admin/v1/plugins/example-greeter/disable", admin, Json.object());
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("state").asText()).isEqualTo("disabled");
        assertThat(node.client().get(greet, alice.accessToken()).status()).isEqualTo(404);
        assertThat(command(node, admin, "greet-stats").status()).isEqualTo(404);
        assertThat(node.client().get("/.well-known/example-greeter").status()).isEqualTo(404);

        var enabled = node.client().post("/_lightweb/admin/v1/plugins/example-greeter/enable", admin, Json.object());
        assertThat(enabled.json().path("state").asText()).as(enabled.body()).isEqualTo("started");
        assertThat(node.client().get(greet, alice.accessToken()).status()).isEqualTo(200);

        var reloaded = node.client().post("/_lightweb/admin/v1/plugins/example-greeter/reload", admin, Json.object());
        assertThat(reloaded.json().path("state").asText()).as(reloaded.body()).isEqualTo("started");
        assertThat(node.client().get(greet, alice.accessToken()).status()).isEqualTo(200);

        // A plugin that failed stays failed when enabled again, and says why
        var retried = node.client().post("/_lightweb/admin/v1/plugins/thrower/enable", admin, Json.object());
        assertThat(retried.json().path("state").asText()).isEqualTo("failed");
        assertThat(node.client().post("/_lightweb/admin/v1/plugins/nobody/enable", admin, Json.object()).status()).isEqualTo(404);
    }
}
