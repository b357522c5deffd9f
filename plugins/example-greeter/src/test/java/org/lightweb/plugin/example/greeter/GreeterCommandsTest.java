package org.lightweb.plugin.example.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.AdminCommand.CommandContext;
import org.lightweb.plugin.AdminCommand.Reply;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.testkit.FakeBot;
import org.lightweb.plugin.testkit.FakeFederation;
import org.lightweb.plugin.testkit.FakePluginContext;

/** The admin commands greet-stats, greet-room and greet-ping. */
class GreeterCommandsTest {
    private static final CommandContext ADMIN = new CommandContext("@admin:kaslo.test", "!admin:kaslo.test");
    private static final String HELLO = "/_lightweb/example-greeter/v1/hello";

    private final FakePluginContext ctx = FakePluginContext.builder("example-greeter")
            .serverName("kaslo.test").config(Map.of("greeting", "Kia ora")).build();

    @AfterEach
    void close() { ctx.close(); }

    @Test
    void commandsShouldHaveNamesUsageAndHelpWhenListed() {
        for (Class<? extends AdminCommand> type : List.of(GreetStatsCommand.class, GreetRoomCommand.class, GreetPingCommand.class)) {
            AdminCommand c = ctx.extension(type);
            assertThat(c.name()).matches("[a-z0-9-]+");
            assertThat(c.usage()).startsWith(c.name());
            assertThat(c.help()).isNotBlank();
        }
    }

    @Test
    void greetStatsShouldReplyCountsAsTextAndHtmlTable() throws Exception {
        ctx.extension(GreeterListener.class).onEvent(
                new RoomEvent("$1", "!r:kaslo.test", "@a:kaslo.test", "m.room.message", null, Map.of(), 1, true));
        new GuestbookStore(ctx.database()).add("@a:kaslo.test", "hi", 1);
        ctx.extension(TickerJob.class).run();

        Reply reply = ctx.extension(GreetStatsCommand.class).run(ADMIN, List.of());
        assertThat(reply.text()).contains("events_seen=1", "messages_seen=1", "ticks=1", "guestbook_entries=1");
        assertThat(reply.html()).startsWith("<table>").contains("<td>events_seen</td><td>1</td>", "<td>ticks</td><td>1</td>");
    }

    @Test
    void greetStatsShouldRefuseWhenGivenArguments() throws Exception {
        assertThat(ctx.extension(GreetStatsCommand.class).run(ADMIN, List.of("x")).text()).contains("usage");
    }

    @Test
    void greetRoomShouldJoinByAliasAndPostGreetingNoticeAsGreeterBot() {
        ctx.rooms().add("!lobby:kaslo.test").alias("#lobby:kaslo.test", "!lobby:kaslo.test");

        Reply reply = ctx.extension(GreetRoomCommand.class).run(ADMIN, List.of("#lobby:kaslo.test"));

        FakeBot bot = ctx.bots().get("greeter");
        assertThat(bot.userId()).isEqualTo("@greeter:kaslo.test");
        assertThat(bot.joined()).containsExactly("!lobby:kaslo.test");
        FakeBot.Sent notice = bot.sent().get(0);
        assertThat(notice.roomId()).isEqualTo("!lobby:kaslo.test");
        assertThat(notice.content()).containsEntry("msgtype", "m.notice").containsEntry("body", "Kia ora, everyone!");
        assertThat(reply.text()).contains("!lobby:kaslo.test", notice.eventId());
    }

    @Test
    void greetRoomShouldSayWhyWhenRoomIsUnknownOrJoinIsRefused() {
        GreetRoomCommand command = ctx.extension(GreetRoomCommand.class);
        assertThat(command.run(ADMIN, List.of("#nowhere:kaslo.test")).text()).contains("Could not greet", "M_NOT_FOUND");

        ctx.rooms().add("!private:kaslo.test");
        ctx.bot("greeter").failNextWith(MatrixError.forbidden("You are not invited to this room."));
        assertThat(command.run(ADMIN, List.of("!private:kaslo.test")).text()).contains("M_FORBIDDEN", "not invited");
        assertThat(ctx.bot("greeter").sent()).isEmpty();
    }

    @Test
    void greetRoomShouldAnswerUsageWhenArgumentIsMissingOrNotARoom() {
        GreetRoomCommand command = ctx.extension(GreetRoomCommand.class);
        assertThat(command.run(ADMIN, List.of()).text()).startsWith("Usage: greet-room");
        assertThat(command.run(ADMIN, List.of("lobby")).text()).startsWith("Usage: greet-room");
    }

    @Test
    void greetPingShouldReplyOriginAndServerWhenPeerAnswers() {
        ctx.federation().answer("nelson.test", "GET", HELLO, 200, Map.of("origin", "kaslo.test", "server", "nelson.test"));

        Reply reply = ctx.extension(GreetPingCommand.class).run(ADMIN, List.of("nelson.test"));

        assertThat(reply.text()).isEqualTo("nelson.test answered: origin kaslo.test, server nelson.test");
        assertThat(ctx.federation().requests()).containsExactly(new FakeFederation.Request("nelson.test", "GET", HELLO, null));
    }

    @Test
    void greetPingShouldReplyErrorWhenPeerRefusesOrCannotBeReached() {
        ctx.federation().answer("nelson.test", "GET", HELLO, 404, Map.of("errcode", "M_UNRECOGNIZED", "error", "Unrecognized request"));
        ctx.federation().answer("down.test", "GET", HELLO, r -> { throw new IOException("connect timed out"); });
        GreetPingCommand command = ctx.extension(GreetPingCommand.class);

        assertThat(command.run(ADMIN, List.of("nelson.test")).text()).isEqualTo("nelson.test answered 404: M_UNRECOGNIZED Unrecognized request");
        assertThat(command.run(ADMIN, List.of("down.test")).text()).isEqualTo("Could not reach down.test: connect timed out");
        assertThat(command.run(ADMIN, List.of()).text()).startsWith("Usage: greet-ping");
    }
}
