package org.lightweb.appservice.adminbot.command;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.appservice.adminbot.FakeNode;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;

class RoomsCommandsTest {
    @RegisterExtension static WireMockExtension node = FakeNode.extension();

    @Test
    void roomsListShouldSearchLargestFirstAndFallBackToAliasWhenRoomHasNoName() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/rooms")).willReturn(okJson("""
                {"rooms":[{"room_id":"!a:example.org","name":"Lobby","joined_members":12,"joined_local_members":3,
                           "version":"10","public":true},
                          {"room_id":"!b:example.org","name":null,"canonical_alias":"#dev:example.org",
                           "joined_members":2,"joined_local_members":2,"version":"11","public":false}],
                 "offset":0,"total_rooms":2}""")));
        Reply r = FakeNode.run(node, "rooms list lob");
        node.verify(getRequestedFor(urlPathEqualTo("/_synapse/admin/v1/rooms"))
                .withQueryParam("order_by", equalTo("size")).withQueryParam("search_term", equalTo("lob")));
        assertThat(r.text()).startsWith("Rooms 1-2 of 2").contains("!a:example.org | Lobby | 12 | 3 | 10 | yes")
                .contains("!b:example.org | #dev:example.org | 2 | 2 | 11 | no");
        assertThat(r.html()).contains("<th>Members</th>");
    }

    @Test
    void roomsInfoShouldShowTheRoomWhenItExists() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/rooms/%21a%3Aexample.org")).willReturn(okJson("""
                {"room_id":"!a:example.org","name":"Lobby","creator":"@bob:example.org","version":"10",
                 "joined_members":12,"joined_local_members":3,"join_rules":"public","encryption":null}""")));
        Reply r = FakeNode.run(node, "rooms info !a:example.org");
        assertThat(r.text()).contains("Room !a:example.org").contains("Creator: @bob:example.org")
                .contains("Members: 12 (3 local)").contains("Encryption: -");
    }

    @Test
    void roomsInfoShouldRefuseWhenArgumentIsNotARoomId() {
        assertThatThrownBy(() -> FakeNode.run(node, "rooms info lobby"))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("not a room id");
    }

    @Test
    void roomsMembersShouldListMembersWithTheTotal() throws Exception {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v1/rooms/%21a%3Aexample.org/members"))
                .willReturn(okJson("{\"members\":[\"@bob:example.org\",\"@carol:remote.org\"],\"total\":2}")));
        Reply r = FakeNode.run(node, "rooms members !a:example.org");
        assertThat(r.text()).startsWith("2 members of !a:example.org").contains("@carol:remote.org");
    }

    @Test
    void roomsDeleteShouldPurgeByDefaultAndBlockWhenAsked() throws Exception {
        node.stubFor(delete(urlPathEqualTo("/_synapse/admin/v2/rooms/%21a%3Aexample.org"))
                .willReturn(okJson("{\"delete_id\":\"del1\"}")));
        Reply r = FakeNode.run(node, "rooms delete !a:example.org --block \"--message=Closed for spam\"");
        node.verify(deleteRequestedFor(urlPathEqualTo("/_synapse/admin/v2/rooms/%21a%3Aexample.org"))
                .withRequestBody(equalToJson("{\"purge\":true,\"block\":true,\"message\":\"Closed for spam\"}")));
        assertThat(r.text()).isEqualTo("Deleting !a:example.org and purging it, blocked. Delete id: del1.");
    }

    @Test
    void roomsDeleteShouldRefuseWhenRoomIsTheAdminRoom() {
        assertThatThrownBy(() -> FakeNode.run(node, "rooms delete " + FakeNode.ADMIN_ROOM))
                .hasCauseInstanceOf(UsageException.class).hasMessageContaining("admin room");
        node.verify(0, deleteRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void roomsBlockShouldPutTheBlockFlag() throws Exception {
        node.stubFor(put(urlPathEqualTo("/_synapse/admin/v1/rooms/%21a%3Aexample.org/block")).willReturn(okJson("{\"block\":false}")));
        assertThat(FakeNode.run(node, "rooms block !a:example.org --unblock").text()).isEqualTo("!a:example.org is no longer blocked.");
        node.verify(putRequestedFor(urlPathEqualTo("/_synapse/admin/v1/rooms/%21a%3Aexample.org/block"))
                .withRequestBody(equalToJson("{\"block\":false}")));
    }
}
