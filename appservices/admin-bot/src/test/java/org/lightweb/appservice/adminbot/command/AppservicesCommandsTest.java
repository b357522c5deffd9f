package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.adminbot.command.appservices.RegisterAppservice;

class AppservicesCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    static final String YAML = """
            id: irc
            url: http://127.0.0.1:9000
            as_token: aaaa
            hs_token: hhhh
            sender_localpart: _irc
            namespaces:
              users: [{exclusive: true, regex: "@_irc_.*"}]
            """;

    @Test
    void appservicesListShouldShowIdUrlSenderAndNamespaces() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_lightweb/admin/v1/appservices")).willReturn(okJson("""
                {"appservices":[{"id":"irc","url":"http://127.0.0.1:9000","sender_localpart":"_irc",
                                 "namespaces":{"users":[{"exclusive":true,"regex":"@_irc_.*"}]}}]}""")));
        assertThat(FakeNode.run(node, "appservices list").text())
                .contains("irc | http://127.0.0.1:9000 | _irc | @_irc_.* (exclusive)");
    }

    @Test
    void appservicesRegisterShouldPostTheYamlFromTheCodeBlock() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_lightweb/admin/v1/appservices")).willReturn(okJson("{\"id\":\"irc\"}")));
        Reply r = FakeNode.run(node, "appservices register", "appservices register\n```yaml\n" + YAML + "```");
        node.verify(postRequestedFor(urlPathEqualTo("/_lightweb/admin/v1/appservices"))
                .withRequestBody(matchingJsonPath("$.yaml", equalTo(YAML))));
        assertThat(r.text()).startsWith("Registered appservice irc (sender @_irc:example.org, at http://127.0.0.1:9000)");
    }

    @Test
    void appservicesRegisterShouldListEveryProblemWithoutCallingTheNodeWhenYamlIsBad() throws Exception {
        Reply r = FakeNode.run(node, "appservices register", "appservices register\n```\nid: x\nurl: null\n```");
        assertThat(r.text()).startsWith("Not registered").contains("'as_token' is missing").contains("'namespaces' is missing");
        node.verify(0, postRequestedFor(urlPathEqualTo("/_lightweb/admin/v1/appservices")));
        assertThatThrownBy(() -> FakeNode.run(node, "appservices register"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("code block");
    }

    @Test
    void appservicesRegisterShouldHideTheYamlFromTheAuditLog() {
        var cmd = new RegisterAppservice();
        assertThat(cmd.auditArgs(List.of("as_token:", "secret"))).containsExactly("<hidden>");
    }

    @Test
    void appservicesUnregisterShouldDeleteButRefuseTheBotsOwnRegistration() throws Exception {
        node.stubFor(delete(urlPathEqualTo("/_lightweb/admin/v1/appservices/irc")).willReturn(okJson("{}")));
        assertThat(FakeNode.run(node, "appservices unregister irc").text()).isEqualTo("Unregistered appservice irc.");
        assertThatThrownBy(() -> FakeNode.run(node, "appservices unregister lightweb-admin-bot"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("my own registration");
    }
}
