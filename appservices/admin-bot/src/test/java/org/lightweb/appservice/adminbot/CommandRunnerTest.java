package org.lightweb.appservice.adminbot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class CommandRunnerTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    CommandRunner runner() {
        return new CommandRunner(Commands.builtins(), new AdminCheck(FakeNode.client(node), FakeNode.SERVER,
                Duration.ofSeconds(60), () -> FakeNode.NOW));
    }

    /** Runs a message as Alice in the admin room and returns the body of the notice the bot sent. */
    String say(String body) throws Exception {
        node.resetRequests();
        runner().run(FakeNode.ctx(node, body)).toCompletableFuture().get(10, SECONDS);
        List<LoggedRequest> sent = node.findAll(putRequestedFor(urlPathMatching("/_matrix/client/v3/rooms/.*/send/m.room.message/.*")));
        assertThat(sent).hasSize(1);
        var content = Json.parse(sent.get(0).getBodyAsString());
        assertThat(content.path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(content.path("format").asText()).isEqualTo("org.matrix.custom.html");
        return content.path("body").asText();
    }

    @Test
    void runShouldRefusePolitelyAndAuditWhenSenderIsNotAServerAdmin() throws Exception {
        FakeNode.aliceIsAdmin(node, false);
        FakeNode.acceptsNotices(node);
        try (var audit = new FakeNode.Audit()) {
            String reply = say("!users deactivate bob");
            assertThat(reply).startsWith("Sorry, I only take commands from the server admins of example.org")
                    .contains("@alice:example.org is not one");
            node.verify(0, postRequestedFor(urlPathMatching("/_synapse/admin/v1/deactivate/.*")));
            assertThat(audit.lines()).containsExactly("command [user: @alice:example.org, room: " + FakeNode.ADMIN_ROOM
                    + ", command: users deactivate bob, outcome: refused: not a server admin]");
        }
    }

    @Test
    void runShouldWriteOneAuditLineWithoutThePasswordWhenAdminResetsOne() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/reset_password/%40bob%3Aexample.org")).willReturn(okJson("{}")));
        try (var audit = new FakeNode.Audit()) {
            assertThat(say("!users reset-password bob hunter2")).startsWith("Password of @bob:example.org reset");
            assertThat(audit.events()).hasSize(1);
            assertThat(audit.events().get(0).getLevel()).isEqualTo(Level.INFO);
            assertThat(audit.lines().get(0)).isEqualTo("command [user: @alice:example.org, room: " + FakeNode.ADMIN_ROOM
                    + ", command: users reset-password bob ***, outcome: ok]").doesNotContain("hunter2");
        }
    }

    @Test
    void runShouldHideTrailingWordsWhenCommandIsUnknown() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(get(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands")).willReturn(okJson("{\"commands\":[]}")));
        try (var audit = new FakeNode.Audit()) {
            assertThat(say("!userz reset-password bob hunter2")).isEqualTo("I do not know !userz. Say !help for the list of commands.");
            assertThat(audit.lines().get(0)).contains("command: userz reset-password (2 more words hidden), outcome: unknown command")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void runShouldAnswerTheUsageWhenArgumentsAreMissing() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        try (var audit = new FakeNode.Audit()) {
            assertThat(say("!users info")).isEqualTo("Cannot run !users info: missing the user.\nUsage: !users info <user>");
            assertThat(audit.lines().get(0)).endsWith("outcome: usage: missing the user]");
        }
    }

    @Test
    void runShouldReportTheNodesErrorWhenTheCallFails() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40ghost%3Aexample.org"))
                .willReturn(jsonResponse("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"User not found\"}", 404)));
        assertThat(say("!users info ghost")).isEqualTo("!users info failed: the node answered 404 M_NOT_FOUND: User not found");
    }

    @Test
    void runShouldDispatchToAPluginCommandWhenNoBuiltinMatches() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(get(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands")).willReturn(okJson(
                "{\"commands\":[{\"name\":\"greet\",\"usage\":\"greet [name]\",\"help\":\"Greets.\",\"plugin\":\"example-greeter\"}]}")));
        node.stubFor(post(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands/greet")).willReturn(okJson("{\"text\":\"Hello, Bob!\"}")));
        try (var audit = new FakeNode.Audit()) {
            assertThat(say("!greet Bob")).isEqualTo("Hello, Bob!");
            assertThat(audit.lines().get(0)).contains("command: greet Bob, outcome: ok");
        }
    }

    @Test
    void helpShouldListBuiltinAndPluginCommandsAndDetailOne() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(get(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands")).willReturn(okJson(
                "{\"commands\":[{\"name\":\"greet\",\"usage\":\"greet [name]\",\"help\":\"Greets.\",\"plugin\":\"example-greeter\"}]}")));
        String all = say("!help");
        assertThat(all).contains("!users reset-password <user> <new-password> [--keep-devices]")
                .contains("!rooms delete").contains("!federation destinations").contains("!media purge-remote")
                .contains("!plugins reload <plugin-id>").contains("!appservices register").contains("!tokens create")
                .contains("!server stats").contains("!greet [name] | Greets. (plugin example-greeter)");
        assertThat(say("!help users create")).startsWith("!users create <localpart> <password>");
        assertThat(say("!users")).startsWith("Commands for users").contains("!users make-admin");
        assertThat(say("!help greet")).startsWith("!greet [name]");
    }

    @Test
    void adminCheckShouldBeCachedWhenTheSameAdminRunsTwoCommands() throws Exception {
        FakeNode.aliceIsAdmin(node, true);
        FakeNode.acceptsNotices(node);
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/server_version")).willReturn(okJson("{\"server_version\":\"Lightweb\"}")));
        CommandRunner runner = runner();
        runner.run(FakeNode.ctx(node, "!server version")).toCompletableFuture().get(10, SECONDS);
        runner.run(FakeNode.ctx(node, "!server version")).toCompletableFuture().get(10, SECONDS);
        node.verify(1, getRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users/%40alice%3Aexample.org")));
    }
}
