package org.lightweb.appservice.adminbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotConfigTest {
    @TempDir Path dir;

    @Test
    void loadShouldReadTheConfigAndTheRegistrationBesideIt() throws Exception {
        Files.writeString(dir.resolve("admin-bot.yaml"), AdminBot.registrationYaml("example.org", "http://127.0.0.1:9009", "as", "hs"));
        Path file = dir.resolve("bot.yaml");
        Files.writeString(file, """
                homeserver_url: http://127.0.0.1:8008
                server_name: example.org
                registration: admin-bot.yaml
                bind: { host: 127.0.0.1, port: 9009 }
                request_timeout: 10s
                """);
        BotConfig config = BotConfig.load(file);
        assertThat(config.bindPort()).isEqualTo(9009);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.adminCache()).isEqualTo(Duration.ofSeconds(60));
        AdminBot.Settings s = config.settings();
        assertThat(s.registration().senderLocalpart()).isEqualTo("admin");
        assertThat(s.homeserverUrl().toString()).isEqualTo("http://127.0.0.1:8008");
    }

    @Test
    void loadShouldReportEveryProblemWhenTheConfigIsIncomplete() throws Exception {
        Path file = dir.resolve("bot.yaml");
        Files.writeString(file, "homeserver_url: ftp://x\nbind: {port: 70000}\nadmin_cache: soon\n");
        assertThatThrownBy(() -> BotConfig.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'homeserver_url' must be an http(s) URL").hasMessageContaining("'server_name' is missing")
                .hasMessageContaining("'registration' is missing").hasMessageContaining("'bind.port'")
                .hasMessageContaining("'admin_cache' must be a duration");
    }
}
