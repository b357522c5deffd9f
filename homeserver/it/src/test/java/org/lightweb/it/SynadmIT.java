package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * The admin API as the tool people already use drives it: synadm (the Matrix-Synapse admin CLI), with a config file
 * pointing at a test node and JSON output. synadm comes from LIGHTWEB_SYNADM (the path of the binary, as .ci/run
 * installs it) or the PATH; without it the test is skipped, unless LIGHTWEB_REQUIRE_SYNADM_TESTS=1.
 */
class SynadmIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_SYNADM_TESTS";

    @RegisterExtension
    static final TestNode node = TestNode.create();
    static String admin;
    private Path synadm;
    private Path home;
    private Path config;

    @BeforeAll
    static void admin() {
        admin = AdminIT.registerWithSharedSecret(node, "synadmin", "password123", true);
    }

    @BeforeEach
    void findSynadm() throws IOException {
        String configured = System.getenv("LIGHTWEB_SYNADM");
        Optional<Path> found = configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured)).filter(Files::isExecutable)
                : ExternalTool.onPath("synadm");
        ExternalTool.requireOrSkip(found.isPresent(), REQUIRE, "synadm not found in "
                + (configured != null && !configured.isBlank() ? "LIGHTWEB_SYNADM=" + configured : "the PATH")
                + " (apt-get install synadm, or pip install synadm into a venv and set LIGHTWEB_SYNADM)");
        synadm = found.get();
        // synadm keeps a debug log under ~/.local/share: a home of its own keeps it out of the real one
        home = Files.createTempDirectory(node.dataDir(), "synadm-home");
        config = home.resolve("synadm.yaml");
        Files.writeString(config, String.join("\n",
                "user: \"@synadmin:" + node.serverName() + "\"",
                "token: \"" + admin + "\"",
                "base_url: \"" + node.baseUrl() + "\"",
                "admin_path: \"/_synapse/admin\"",
                "matrix_path: \"/_matrix\"",
                "timeout: 30",
                "server_discovery: \"well-known\"",
                "homeserver: \"" + node.serverName() + "\"",
                "format: \"json\"", ""));
    }

    /** Runs synadm in batch mode with JSON output; asserts it exited 0. */
    private ExternalTool.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(synadm.toString(), "-c", config.toString(), "--batch", "-o", "json"));
        command.addAll(List.of(args));
        var result = ExternalTool.run(command, home, Map.of("HOME", home.toString()), Duration.ofMinutes(1));
        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        return result;
    }

    /** The last JSON document synadm printed (commands such as room delete print details first). */
    private JsonNode json(String... args) {
        var result = run(args);
        List<String> lines = result.output().lines().filter(l -> l.startsWith("{") || l.startsWith("[")).toList();
        assertThat(lines).withFailMessage(result::describe).isNotEmpty();
        JsonNode doc = Json.parse(lines.get(lines.size() - 1));
        assertThat(doc.has("errcode")).withFailMessage(result::describe).isFalse();
        return doc;
    }

    @Test
    void versionShouldPrintTheServerVersion() {
        assertThat(json("version").path("server_version").asText()).isNotEmpty();
    }

    @Test
    void userCommandsShouldCreateListModifyAndDeactivateUsers() {
        json("user", "modify", "@wendy:localhost", "-P", "password123", "-n", "Wendy");
        JsonNode details = json("user", "details", "@wendy:localhost");
        assertThat(details.path("displayname").asText()).isEqualTo("Wendy");
        assertThat(details.path("deactivated").asBoolean()).isFalse();

        JsonNode list = json("user", "list", "-n", "wendy");
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("users").get(0).path("name").asText()).isEqualTo("@wendy:localhost");

        json("user", "modify", "@wendy:localhost", "-n", "Wendy W", "-a");
        details = json("user", "details", "@wendy:localhost");
        assertThat(details.path("displayname").asText()).isEqualTo("Wendy W");
        assertThat(details.path("admin").asBoolean()).isTrue();

        json("user", "password", "@wendy:localhost", "-p", "another-pass-1");
        assertThat(node.client().login("wendy", "another-pass-1", null).status()).isEqualTo(200);
        JsonNode whois = json("user", "whois", "@wendy:localhost");
        assertThat(whois.path("user_id").asText()).isEqualTo("@wendy:localhost");
        assertThat(whois.path("devices").size()).isEqualTo(1);

        json("user", "deactivate", "@wendy:localhost");
        assertThat(json("user", "details", "@wendy:localhost").path("deactivated").asBoolean()).isTrue();
        assertThat(json("user", "list", "-n", "wendy").path("total").asInt()).isZero();
        assertThat(json("user", "list", "-n", "wendy", "-d").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void userLoginShouldGiveATokenOfThatUser() {
        node.client().register("puppet", "password123");
        String token = json("user", "login", "@puppet:localhost").path("access_token").asText();
        assertThat(node.client().get("/_matrix/client/v3/account/whoami", token).json().path("user_id").asText())
                .isEqualTo("@puppet:localhost");
    }

    @Test
    void roomCommandsShouldListDescribeAndDeleteRooms() throws Exception {
        var owner = node.client().register("roomie", "password123");
        String room = node.client().post("/_matrix/client/v3/createRoom", owner.accessToken(),
                Json.object().put("name", "Synadm room")).json().path("room_id").asText();

        JsonNode list = json("room", "list", "-n", "Synadm");
        assertThat(list.path("total_rooms").asInt()).isEqualTo(1);
        assertThat(list.path("rooms").get(0).path("room_id").asText()).isEqualTo(room);
        assertThat(json("room", "details", room).path("name").asText()).isEqualTo("Synadm room");
        assertThat(json("room", "members", room).path("members").get(0).asText()).isEqualTo(owner.userId());
        JsonNode state = json("room", "state", room);
        assertThat(state.path("state").size()).isGreaterThan(4);

        JsonNode deleted = json("room", "delete", room, "--block");
        assertThat(deleted.path("kicked_users").get(0).asText()).isEqualTo(owner.userId());
        assertThat(json("room", "list", "-n", "Synadm").path("total_rooms").asInt()).isZero();
        assertThat(node.client().post("/_matrix/client/v3/join/" + room, owner.accessToken(), Json.object()).status())
                .isEqualTo(403);
    }

    @Test
    void regtokCommandsShouldCreateListAndDeleteTokens() {
        JsonNode created = json("regtok", "new", "-n", "synadm-token", "-u", "3");
        assertThat(created.path("token").asText()).isEqualTo("synadm-token");
        assertThat(created.path("uses_allowed").asInt()).isEqualTo(3);
        JsonNode listed = json("regtok", "list");
        List<String> tokens = new ArrayList<>();
        listed.path("registration_tokens").forEach(t -> tokens.add(t.path("token").asText()));
        assertThat(tokens).contains("synadm-token");
        assertThat(json("regtok", "details", "synadm-token").path("uses_allowed").asInt()).isEqualTo(3);
        assertThat(run("regtok", "delete", "synadm-token").output()).contains("successfully deleted");
        assertThat(node.client().get("/_synapse/admin/v1/registration_tokens/synadm-token", admin).status()).isEqualTo(404);
    }

    @Test
    void mediaCommandsShouldQuarantineDeleteAndPurge() throws Exception {
        var ann = node.client().register("mediauser", "password123");
        String quarantined = AdminMediaIT.upload(node, ann, "quarantine me");
        String deleted = AdminMediaIT.upload(node, ann, "delete me");
        json("media", "quarantine", "-i", quarantined.substring("localhost/".length()));
        assertThat(AdminMediaIT.download(node, ann, quarantined)).isEqualTo(404);
        JsonNode del = json("media", "delete", "-i", deleted.substring("localhost/".length()));
        assertThat(del.path("total").asInt()).isEqualTo(1);
        assertThat(AdminMediaIT.download(node, ann, deleted)).isEqualTo(404);
        assertThat(json("media", "purge", "-t", Long.toString(System.currentTimeMillis())).has("deleted")).isTrue();
    }
}
