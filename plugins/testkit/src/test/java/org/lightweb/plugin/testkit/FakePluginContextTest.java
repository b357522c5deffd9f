package org.lightweb.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginConfigException;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.Users;

class FakePluginContextTest {
    private final List<FakePluginContext> opened = new ArrayList<>();

    private FakePluginContext ctx(FakePluginContext.Builder b) {
        FakePluginContext c = b.build();
        opened.add(c);
        return c;
    }

    @AfterEach
    void close() {
        opened.forEach(FakePluginContext::close);
    }

    private static List<String> tables(FakePluginContext c) throws Exception {
        return c.database().read(conn -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = conn.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Test
    void migrationsShouldRunFromCommonThenSqliteWithPrefixedHistoryWhenBuilt() throws Exception {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test"));
        assertThat(c.migrationsRun()).isEqualTo(2);
        assertThat(c.database().dialect()).isEqualTo("sqlite");
        assertThat(c.database().tablePrefix()).isEqualTo("kit_test_");
        assertThat(tables(c)).containsExactlyInAnyOrder("kit_test_notes", "kit_test_sqlite_only", "kit_test_schema_history");
    }

    @Test
    void migrationsShouldBeSkippedWhenTurnedOff() throws Exception {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        assertThat(c.migrationsRun()).isZero();
        assertThat(tables(c)).isEmpty();
    }

    @Test
    void buildShouldFailWhenMigrationCreatesTableWithoutPrefix() {
        assertThatThrownBy(() -> ctx(FakePluginContext.builder("kit-bad")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kit_bad_")
                .hasMessageContaining("users");
    }

    @Test
    void writeShouldCommitWhenWorkReturnsAndRollBackWhenItThrows() throws Exception {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test"));
        c.database().write(conn -> conn.createStatement().executeUpdate("INSERT INTO kit_test_notes VALUES (1, 'kept')"));
        assertThatThrownBy(() -> c.database().write(conn -> {
            conn.createStatement().executeUpdate("INSERT INTO kit_test_notes VALUES (2, 'lost')");
            throw new SQLException("boom");
        })).hasMessage("boom");
        long count = c.database().read(conn -> {
            try (ResultSet rs = conn.createStatement().executeQuery("SELECT COUNT(*) FROM kit_test_notes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(count).isEqualTo(1);
    }

    @Test
    void readShouldRefuseWritesWhenWorkTriesOne() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test"));
        assertThatThrownBy(() -> c.database().read(conn -> conn.createStatement().executeUpdate("INSERT INTO kit_test_notes VALUES (1, 'x')")))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void configShouldBeReadFromMapWithFullKeyNamesInErrors() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").config(Map.of("greeting", "Hi", "count", "three")));
        assertThat(c.config().string("greeting", "Hello")).isEqualTo("Hi");
        assertThatThrownBy(() -> c.config().integer("count", 1, 0, 10))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("plugins.config.kit-test.count");
    }

    @Test
    void dataDirectoryShouldBeCreatedAndDeletedWhenClosed() throws IOException {
        FakePluginContext c = FakePluginContext.builder("kit-test").migrate(false).build();
        Path data = c.dataDirectory();
        Files.writeString(data.resolve("f.txt"), "x");
        assertThat(data).isDirectory().endsWith(Path.of("plugin-data", "kit-test"));
        c.close();
        assertThat(data).doesNotExist();
    }

    @Test
    void usersShouldAnswerWhatTestDeclared() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false).serverName("kaslo.test"));
        c.users().add("@alice:kaslo.test", "Alice");
        assertThat(c.users().find("@alice:kaslo.test")).map(Users.User::displayName).contains("Alice");
        assertThat(c.users().find("@bob:kaslo.test")).isEmpty();
        assertThat(c.users().isLocal("@bob:kaslo.test")).isTrue();
        assertThat(c.users().isLocal("@bob:nelson.test")).isFalse();
    }

    @Test
    void roomsShouldAnswerStateMembersAndAliasesWhenDeclared() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        RoomEvent name = new RoomEvent("$1", "!r:test.local", "@a:test.local", "m.room.name", "", Map.of("name", "R"), 1, true);
        c.rooms().state(name).join("!r:test.local", "@a:test.local").alias("#r:test.local", "!r:test.local");
        assertThat(c.rooms().exists("!r:test.local")).isTrue();
        assertThat(c.rooms().exists("!other:test.local")).isFalse();
        assertThat(c.rooms().stateEvent("!r:test.local", "m.room.name", "")).contains(name);
        assertThat(c.rooms().state("!r:test.local")).containsExactly(name);
        assertThat(c.rooms().joinedMembers("!r:test.local")).containsExactly("@a:test.local");
        assertThat(c.rooms().joinedRooms("@a:test.local")).containsExactly("!r:test.local");
        assertThat(c.rooms().resolveAlias("#r:test.local")).contains("!r:test.local");
    }

    @Test
    void botShouldJoinByAliasAndRecordWhatItSends() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        c.rooms().add("!r:test.local").alias("#r:test.local", "!r:test.local");
        FakeBot bot = c.bot("helper");
        assertThat(bot.userId()).isEqualTo("@helper:test.local");
        assertThat(c.bot("helper")).isSameAs(bot);
        assertThat(c.users().find("@helper:test.local")).map(Users.User::bot).contains(true);

        assertThat(bot.join("#r:test.local")).isEqualTo("!r:test.local");
        String id = bot.notice("!r:test.local", "hi", "<b>hi</b>");

        assertThat(bot.joined()).containsExactly("!r:test.local");
        assertThat(bot.sent()).singleElement().satisfies(s -> {
            assertThat(s.eventId()).isEqualTo(id);
            assertThat(s.type()).isEqualTo("m.room.message");
            assertThat(s.content()).containsEntry("msgtype", "m.notice").containsEntry("formatted_body", "<b>hi</b>");
        });
        assertThat(c.rooms().joinedMembers("!r:test.local")).contains("@helper:test.local");
    }

    @Test
    void botShouldBeRefusedWhenRoomIsUnknownOrNotJoinedOrLocalpartTaken() {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        c.rooms().add("!r:test.local");
        FakeBot bot = c.bot("helper");
        assertThatThrownBy(() -> bot.join("#nowhere:test.local")).isInstanceOf(MatrixError.class)
                .satisfies(e -> assertThat(((MatrixError) e).errcode()).isEqualTo("M_NOT_FOUND"));
        assertThatThrownBy(() -> bot.send("!r:test.local", "m.room.message", Map.of("body", "x")))
                .isInstanceOf(MatrixError.class)
                .satisfies(e -> assertThat(((MatrixError) e).status()).isEqualTo(403));
        bot.failNextWith(MatrixError.limitExceeded("slow down"));
        assertThatThrownBy(() -> bot.join("!r:test.local")).hasMessage("slow down");
        assertThat(bot.join("!r:test.local")).isEqualTo("!r:test.local");

        c.users().add("@alice:test.local", "Alice");
        assertThatThrownBy(() -> c.bot("alice")).isInstanceOf(MatrixError.class)
                .satisfies(e -> assertThat(((MatrixError) e).errcode()).isEqualTo("M_USER_IN_USE"));
    }

    @Test
    void federationShouldRecordRequestsAndAnswerWhatWasSet() throws Exception {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        c.federation().answer("nelson.test", "GET", "/_lightweb/kit-test/v1/x", 200, Map.of("ok", true))
                .unreachable("down.test");

        Federation.Response res = c.federation().request("nelson.test", "GET", "/_lightweb/kit-test/v1/x", null);
        assertThat(res.ok()).isTrue();
        assertThat(res.json()).containsEntry("ok", true);
        assertThatThrownBy(() -> c.federation().request("down.test", "GET", "/x", null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> c.federation().request("nelson.test", "POST", "/other", Map.of("a", 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("no answer set");
        assertThat(c.federation().requests()).extracting(FakeFederation.Request::destination)
                .containsExactly("nelson.test", "down.test", "nelson.test");
        assertThat(c.federation().requests().get(2).body()).containsEntry("a", 1);
    }

    public static class WithContext {
        final PluginContext ctx;
        public WithContext(PluginContext ctx) { this.ctx = ctx; }
    }

    public static class NoArg {}

    public static class Started extends LightwebPlugin {
        PluginContext ctx;
        @Override public void start(PluginContext context) { this.ctx = context; }
    }

    @Test
    void extensionShouldGetContextWhenItHasContextConstructorAndNoneOtherwise() throws Exception {
        FakePluginContext c = ctx(FakePluginContext.builder("kit-test").migrate(false));
        assertThat(c.extension(WithContext.class).ctx).isSameAs(c);
        assertThat(c.extension(NoArg.class)).isNotNull();
        assertThat(c.start(new Started()).ctx).isSameAs(c);
    }
}
