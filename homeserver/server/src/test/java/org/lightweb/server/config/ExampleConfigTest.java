package org.lightweb.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * config/homeserver.example.yaml is generated from {@link ConfigSchema}; this test fails when they drift apart.
 * Regenerate with: mvn -pl homeserver/server -am test -Dtest=ExampleConfigTest -Dlightweb.regenerate=true
 */
class ExampleConfigTest {
    static final Map<String, String> EXAMPLE_VALUES = Map.of("server_name", "kaslo.example", "data_dir", "/var/lib/lightweb");

    static Path exampleFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("config/homeserver.example.yaml")) && !Files.exists(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        return dir.resolve("config/homeserver.example.yaml");
    }

    @Test
    void exampleShouldListEveryKeyWhenGeneratedFromTheSchema() throws Exception {
        String generated = ConfigGenerator.generate(EXAMPLE_VALUES);
        Path file = exampleFile();
        if (Boolean.getBoolean("lightweb.regenerate")) Files.writeString(file, generated);
        assertThat(Files.readString(file)).as("config/homeserver.example.yaml is stale: regenerate it").isEqualTo(generated);
        for (ConfigSchema.Key key : ConfigSchema.keys()) {
            assertThat(generated).as(key.path()).contains(key.name() + ":");
        }
    }

    @Test
    void exampleShouldLoadWithoutProblemsWhenUsedAsItIs() {
        HomeserverConfig config = HomeserverConfig.load(exampleFile());
        assertThat(config.serverName().value()).isEqualTo("kaslo.example");
        assertThat(config.client().port()).isEqualTo(8008);
        assertThat(config.registration().requireToken()).isTrue();
        assertThat(config.rateLimits().enabled()).isTrue();
        assertThat(config.federationClient().verifyCertificates()).isTrue();
        assertThat(config.federationClient().allowPrivateDestinations()).isFalse();
        assertThat(config.media().maxUploadBytes()).isEqualTo(50L << 20);
        assertThat(config.database().sqlitePath()).isEqualTo(Path.of("/var/lib/lightweb/homeserver.db"));
    }
}
