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
import org.lightweb.appservice.adminbot.command.users.CreateUser;
import org.lightweb.appservice.adminbot.command.users.ResetPassword;

class UsersCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void usersListShouldPageAndSearchAndRenderATableWhenNodeHasUsers() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users")).willReturn(okJson("""
                {"users":[{"name":"@bob:example.org","displayname":"Bob <b>","admin":false,"deactivated":false,
                           "creation_ts":1765000000000},
                          {"name":"@carol:example.org","admin":1,"deactivated":0,"creation_ts":1765000000}],
                 "total":42,"next_token":"12"}""")));
        Reply r = FakeNode.run(node, "users list bo --limit=10 --from=10");
        node.verify(getRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users"))
                .withQueryParam("from", equalTo("10")).withQueryParam("limit", equalTo("10"))
                .withQueryParam("name", equalTo("bo")).withHeader("Authorization", equalTo("Bearer as-token")));
        assertThat(r.text()).startsWith("Users 11-12 of 42 (more: --from=12)")
                .contains("@bob:example.org | Bob <b> | no | no | 2025-12-06 05:46 UTC")
                .contains("@carol:example.org | - | yes | no | 2025-12-06 05:46 UTC");
        assertThat(r.html()).contains("<table>").contains("<th>User</th>").contains("<td>Bob &lt;b&gt;</td>");
    }

    @Test
    void usersInfoShouldShowTheAccountWhenUserExists() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40bob%3Aexample.org")).willReturn(okJson("""
                {"name":"@bob:example.org","displayname":"Bob","admin":false,"deactivated":false,"locked":false,
                 "threepids":[{"medium":"email","address":"bob@example.org"}]}""")));
        Reply r = FakeNode.run(node, "users info bob");
        assertThat(r.text()).contains("User @bob:example.org").contains("Display name: Bob")
                .contains("Third-party ids: email:bob@example.org");
    }

    @Test
    void usersCreateShouldPutTheNewUserWhenItDoesNotExist() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40dave%3Aexample.org"))
                .willReturn(jsonResponse("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"User not found\"}", 404)));
        node.stubFor(put(urlPathEqualTo("/_synapse/admin/v2/users/%40dave%3Aexample.org")).willReturn(jsonResponse("{}", 201)));
        Reply r = FakeNode.run(node, "users create dave s3cret --admin --displayname=Dave");
        node.verify(putRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users/%40dave%3Aexample.org"))
                .withRequestBody(equalToJson("{\"password\":\"s3cret\",\"admin\":true,\"displayname\":\"Dave\"}")));
        assertThat(r.text()).isEqualTo("Created @dave:example.org as a server admin.");
    }

    @Test
    void usersCreateShouldRefuseWhenUserAlreadyExists() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40erin%3Aexample.org"))
                .willReturn(okJson("{\"name\":\"@erin:example.org\"}")));
        Reply r = FakeNode.run(node, "users create erin pw");
        node.verify(0, putRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users/%40erin%3Aexample.org")));
        assertThat(r.text()).contains("already exists").contains("!users reset-password");
    }

    @Test
    void passwordCommandsShouldMaskThePasswordWhenAudited() {
        assertThat(new CreateUser().auditArgs(List.of("--admin", "dave", "s3cret")))
                .containsExactly("--admin", "dave", "***");
        assertThat(new ResetPassword()
                .auditArgs(List.of("bob", "hunter2", "--keep-devices")))
                .containsExactly("bob", "***", "--keep-devices");
    }

    @Test
    void usersResetPasswordShouldPostTheNewPasswordAndLogOutWhenAsked() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/reset_password/%40bob%3Aexample.org")).willReturn(okJson("{}")));
        Reply r = FakeNode.run(node, "users reset-password @bob:example.org hunter2");
        node.verify(postRequestedFor(urlPathEqualTo("/_synapse/admin/v1/reset_password/%40bob%3Aexample.org"))
                .withRequestBody(equalToJson("{\"new_password\":\"hunter2\",\"logout_devices\":true}")));
        assertThat(r.text()).contains("Password of @bob:example.org reset").contains("logged out");
    }

    @Test
    void usersDeactivateShouldEraseWhenFlagged() throws Exception {
        node.stubFor(post(urlPathEqualTo("/_synapse/admin/v1/deactivate/%40bob%3Aexample.org"))
                .willReturn(okJson("{\"id_server_unbind_result\":\"success\"}")));
        Reply r = FakeNode.run(node, "users deactivate bob --erase");
        node.verify(postRequestedFor(urlPathEqualTo("/_synapse/admin/v1/deactivate/%40bob%3Aexample.org"))
                .withRequestBody(equalToJson("{\"erase\":true}")));
        assertThat(r.text()).isEqualTo("Deactivated @bob:example.org and erased their messages.");
    }

    @Test
    void usersDeactivateShouldRefuseWhenTargetIsTheBotOrTheSender() {
        assertThatThrownBy(() -> FakeNode.run(node, "users deactivate admin"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("will not deactivate myself");
        assertThatThrownBy(() -> FakeNode.run(node, "users deactivate @alice:example.org"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("your own account");
        node.verify(0, postRequestedFor(urlPathMatching("/_synapse/admin/v1/deactivate/.*")));
    }

    @Test
    void usersMakeAdminShouldPutAdminFlagWhenGrantingOrRevoking() throws Exception {
        node.stubFor(put(urlPathEqualTo("/_synapse/admin/v2/users/%40bob%3Aexample.org")).willReturn(okJson("{}")));
        node.stubFor(post(urlPathEqualTo("/_matrix/client/v3/rooms/%21adminroom%3Aexample.org/invite")).willReturn(okJson("{}")));
        node.stubFor(post(urlPathEqualTo("/_matrix/client/v3/rooms/%21adminroom%3Aexample.org/kick"))
                .willReturn(jsonResponse("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}", 403)));
        assertThat(FakeNode.run(node, "users make-admin bob").text())
                .isEqualTo("@bob:example.org is now a server admin and is invited to the admin room.");
        node.verify(postRequestedFor(urlPathEqualTo("/_matrix/client/v3/rooms/%21adminroom%3Aexample.org/invite"))
                .withRequestBody(equalToJson("{\"user_id\":\"@bob:example.org\"}")));
        node.verify(putRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users/%40bob%3Aexample.org"))
                .withRequestBody(equalToJson("{\"admin\":true}")));
        assertThat(FakeNode.run(node, "users make-admin bob --revoke").text()).isEqualTo(
                "@bob:example.org is no longer a server admin (the admin room could not be updated: 403 M_FORBIDDEN).");
        node.verify(putRequestedFor(urlPathEqualTo("/_synapse/admin/v2/users/%40bob%3Aexample.org"))
                .withRequestBody(equalToJson("{\"admin\":false}")));
        assertThatThrownBy(() -> FakeNode.run(node, "users make-admin @bob:elsewhere.org"))
                .hasCauseInstanceOf(UsageException.class);
    }
}
