package org.lightweb.plugin.example.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.PluginConfigException;
import org.lightweb.plugin.testkit.FakePluginContext;

class GreeterPluginTest {

    @Test
    void startShouldUseDefaultsWhenSectionIsEmpty() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").build()) {
            GreeterPlugin plugin = ctx.start(new GreeterPlugin());
            assertThat(plugin.context()).isSameAs(ctx);
            assertThat(plugin.settings()).isEqualTo(new GreeterSettings("Hello", null, Duration.ofHours(1)));
            plugin.stop();
            assertThat(plugin.context()).isNull();
        }
    }

    @Test
    void startShouldReadEveryKeyWhenSet() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter")
                .config(Map.of("greeting", "Kia ora", "forbidden_word", "SpOiLeR", "tick_interval", "30s")).build()) {
            GreeterPlugin plugin = ctx.start(new GreeterPlugin());
            assertThat(plugin.settings()).isEqualTo(new GreeterSettings("Kia ora", "spoiler", Duration.ofSeconds(30)));
        }
    }

    @Test
    void startShouldFailNamingTheKeyWhenConfigIsWrong() throws Exception {
        assertRefused(Map.of("greting", "typo"), "plugins.config.example-greeter.greting");
        assertRefused(Map.of("greeting", 42), "plugins.config.example-greeter.greeting");
        assertRefused(Map.of("greeting", " "), "plugins.config.example-greeter.greeting");
        assertRefused(Map.of("tick_interval", "soon"), "plugins.config.example-greeter.tick_interval");
        assertRefused(Map.of("tick_interval", "500ms"), "plugins.config.example-greeter.tick_interval");
        assertRefused(Map.of("forbidden_word", ""), "plugins.config.example-greeter.forbidden_word");
    }

    private static void assertRefused(Map<String, Object> config, String key) throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").config(config).build()) {
            assertThatThrownBy(() -> ctx.start(new GreeterPlugin()))
                    .isInstanceOf(PluginConfigException.class)
                    .hasMessageContaining("'" + key + "'");
        }
    }

    @Test
    void migrationsShouldCreatePrefixedTablesWhenRunOnSqlite() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").build()) {
            assertThat(ctx.migrationsRun()).isEqualTo(1);
            List<String> tables = ctx.database().read(c -> {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            });
            assertThat(tables).containsExactlyInAnyOrder("example_greeter_guestbook", "example_greeter_ticks",
                    "example_greeter_schema_history");
        }
    }

    @Test
    void migrationShouldUseOnlyPortableTypesWhenWrittenForBothDatabases() throws Exception {
        String sql = Files.readString(Path.of("src/main/resources/db/example-greeter/common/V1__guestbook.sql"), StandardCharsets.UTF_8);
        String code = sql.replaceAll("--[^\n]*", "");
        assertThat(code).doesNotContainIgnoringCase("AUTOINCREMENT").doesNotContainIgnoringCase("SERIAL")
                .doesNotContainIgnoringCase("VARCHAR").doesNotContainIgnoringCase("BLOB").doesNotContainIgnoringCase("BYTEA");
    }

    @Test
    void builtClassesShouldListEveryExtensionInIndexWhenAnnotationProcessorRan() throws Exception {
        // Written by PF4J's annotation processor at compile time; the node finds extensions through it.
        Path idx = Path.of("target/classes/META-INF/extensions.idx");
        assertThat(Files.readAllLines(idx)).contains(
                GreeterRoutes.class.getName(), GreeterListener.class.getName(), ForbiddenWordVeto.class.getName(),
                GreetStatsCommand.class.getName(), GreetRoomCommand.class.getName(), GreetPingCommand.class.getName(),
                TickerJob.class.getName());
    }
}
