package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.adminbot.command.plugins.PluginCommand;

class PluginsCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void pluginsListShouldShowStateAndErrors() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_lightweb/admin/v1/plugins")).willReturn(okJson("""
                {"plugins":[{"id":"example-greeter","version":"1.0.0","state":"started","commands":["greet","x","y"]},
                            {"id":"broken","version":"0.1.0","state":"failed","error":"start threw","commands":[]}]}""")));
        Reply r = FakeNode.run(node, "plugins list");
        assertThat(r.text()).startsWith("2 plugins").contains("example-greeter | 1.0.0 | started | 3 | -")
                .contains("broken | 0.1.0 | failed | 0 | start threw");
    }

    @Test
    void pluginsEnableDisableReloadShouldPostTheActionAndReportTheNewState() throws Exception {
        for (String action : new String[] {"enable", "disable", "reload"}) {
            String done = action.equals("reload") ? "reloaded" : action + "d";
            node.stubFor(post(urlPathEqualTo("/_lightweb/admin/v1/plugins/example-greeter/" + action))
                    .willReturn(okJson("{\"id\":\"example-greeter\",\"state\":\"" + action + "-state\"}")));
            assertThat(FakeNode.run(node, "plugins " + action + " example-greeter").text())
                    .startsWith("Plugin example-greeter " + done).contains("now " + action + "-state");
        }
        assertThatThrownBy(() -> FakeNode.run(node, "plugins enable"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("missing the plugin id");
    }

    @Test
    void pluginCommandShouldPostArgsAndRoomAndAnswerThePluginsReply() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands/greet"))
                .willReturn(okJson("{\"text\":\"Hello, Bob!\",\"html\":\"<b>Hello, Bob!</b>\"}")));
        var cmd = new PluginCommand("greet", "greet [name]", "Greets.", "example-greeter");
        Reply r = cmd.run(FakeNode.ctx(node, "!greet Bob"), List.of("Bob")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        node.verify(postRequestedFor(urlPathEqualTo("/_lightweb/admin/v1/plugins/commands/greet"))
                .withRequestBody(equalToJson("{\"args\":[\"Bob\"],\"room_id\":\"" + FakeNode.ADMIN_ROOM + "\"}")));
        assertThat(r).isEqualTo(new Reply("Hello, Bob!", "<b>Hello, Bob!</b>"));
        assertThat(cmd.usage()).isEqualTo("[name]");
        assertThat(cmd.help()).isEqualTo("Greets. (plugin example-greeter)");
    }
}
