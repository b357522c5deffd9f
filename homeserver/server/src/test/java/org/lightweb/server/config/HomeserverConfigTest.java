package org.lightweb.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeserverConfigTest {
    @TempDir
    Path dir;

    private HomeserverConfig load(String yaml) throws Exception {
        Path file = dir.resolve("homeserver.yaml");
        Files.writeString(file, yaml);
        return HomeserverConfig.load(file);
    }

    private ConfigException problems(String yaml) throws Exception {
        Path file = dir.resolve("homeserver.yaml");
        Files.writeString(file, yaml);
        try {
            HomeserverConfig.load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a config error");
    }

    @Test
    void loadShouldApplyDefaultsWhenOnlyRequiredKeysAreGiven() throws Exception {
        HomeserverConfig c = load("server_name: localhost:8448\ndata_dir: data\n");
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.signingKeyPath()).isEqualTo(dir.resolve("data/signing.key"));
        assertThat(c.database().sqlitePath()).isEqualTo(dir.resolve("data/homeserver.db"));
        assertThat(c.federationTls().mode()).isEqualTo("self_signed");
        assertThat(c.publicBaseUrl()).isEqualTo("http://127.0.0.1:8008/");
        assertThat(c.wellKnownServer()).isEqualTo("localhost:8448");
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.limits().maxRequestBody()).isEqualTo(10L << 20);
        assertThat(c.email()).isEmpty();
        assertThat(c.registration().sharedSecret()).isEmpty();
    }

    @Test
    void loadShouldReportEveryProblemWithKeyValueAndExpectation() throws Exception {
        ConfigException e = problems("""
                server_name: "bad name"
                data_dir: /tmp/x
                listeners:
                  client: {port: 70000}
                database: {type: mysql}
                rate_limits: {enabled: maybe}
                limits: {max_request_body: lots}
                colour: blue
                """);
        assertThat(e.problems()).hasSize(6);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'server_name'").contains("'bad name'").contains("expected a server name"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'listeners.client.port'").contains("70000").contains("0 to 65535"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'database.type'").contains("'mysql'").contains("sqlite, postgres"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'rate_limits.enabled'").contains("true or false"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'limits.max_request_body'").contains("24MiB"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("unknown key 'colour'").contains("server_name"));
    }

    @Test
    void thumbnailSizesShouldBeReadAndABadOneNamed() throws Exception {
        assertThat(load("server_name: a.example\ndata_dir: d\n").media().thumbnailSizes()).hasSize(5)
                .contains(new HomeserverConfig.ThumbnailSize(96, 96, "crop"), new HomeserverConfig.ThumbnailSize(800, 600, "scale"));
        assertThat(load("server_name: a.example\ndata_dir: d\nmedia: {thumbnail_sizes: \"\"}\n").media().thumbnailSizes())
                .isEmpty();
        assertThat(problems("server_name: a.example\ndata_dir: d\nmedia: {thumbnail_sizes: \"96x96 crop, 64 scale\"}\n"))
                .hasMessageContaining("media.thumbnail_sizes").hasMessageContaining("64 scale");
    }

    @Test
    void clusterShouldDefaultItsNameAndRefuseSqliteAndBadMembers() throws Exception {
        HomeserverConfig c = load("""
                server_name: kaslo.example
                data_dir: d
                database: {type: postgres, url: "jdbc:postgresql://db/lightweb"}
                cluster: {enabled: true, members: ["10.0.0.2:5701"]}
                """);
        assertThat(c.cluster().name()).isEqualTo("kaslo.example");
        assertThat(c.cluster().members()).containsExactly("10.0.0.2:5701");
        assertThat(c.cluster().leaderCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(load("server_name: a.example\ndata_dir: d\n").cluster().enabled()).isFalse();
        assertThat(problems("server_name: a.example\ndata_dir: d\ncluster: {enabled: true}\n"))
                .hasMessageContaining("cluster.enabled").hasMessageContaining("postgres");
        assertThat(problems("""
                server_name: a.example
                data_dir: d
                database: {type: postgres, url: "jdbc:postgresql://db/lightweb"}
                cluster: {enabled: true, members: ["no-port"]}
                """)).hasMessageContaining("cluster.members[0]");
    }

    @Test
    void sqliteWriterSettingsShouldReachTheDatabaseAndBeBounded() throws Exception {
        var defaults = load("server_name: a.example\ndata_dir: d\n").database();
        assertThat(defaults.writesPerCommit()).isEqualTo(64);
        assertThat(defaults.walCheckpointPages()).isEqualTo(10_000);
        var set = load("server_name: a.example\ndata_dir: d\n"
                + "database: {sqlite_writes_per_commit: 8, sqlite_wal_checkpoint_pages: 2000}\n").database();
        assertThat(set.writesPerCommit()).isEqualTo(8);
        assertThat(set.walCheckpointPages()).isEqualTo(2000);
        assertThatThrownBy(() -> load("server_name: a.example\ndata_dir: d\ndatabase: {sqlite_writes_per_commit: 0}\n"))
                .hasMessageContaining("database.sqlite_writes_per_commit");
    }

    @Test
    void loadShouldNameMissingRequiredKeys() throws Exception {
        ConfigException e = problems("listeners: {client: {port: 8008}}\n");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'server_name' is missing"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'data_dir' is missing"));
    }

    @Test
    void loadShouldFlagUnknownNestedKeysWithTheirSiblings() throws Exception {
        ConfigException e = problems("server_name: a.example\ndata_dir: d\nregistration: {enable: true}\n");
        assertThat(e.problems()).singleElement().satisfies(p ->
                assertThat(p).contains("unknown key 'registration.enable'").contains("enabled").contains("require_token"));
    }

    @Test
    void loadShouldRequireAUrlWhenDatabaseIsPostgres() throws Exception {
        ConfigException e = problems("server_name: a.example\ndata_dir: d\ndatabase: {type: postgres}\n");
        assertThat(e.getMessage()).contains("database.url");
    }

    @Test
    void loadShouldExplainWhenFileIsMissingOrNotYaml() throws Exception {
        assertThatThrownBy(() -> HomeserverConfig.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist").hasMessageContaining("generate-config");
        assertThat(problems("server_name: [unclosed\n").getMessage()).contains("not valid YAML");
        assertThat(problems("just a string\n").getMessage()).contains("not a YAML map");
    }

    @Test
    void loadShouldAcceptTlsFilesAndHumanSizes() throws Exception {
        HomeserverConfig c = load("""
                server_name: kaslo.example
                data_dir: /srv/lw
                listeners: {federation: {tls: {cert: certs/fed.crt, key: certs/fed.key}}}
                media: {max_upload_bytes: 1GiB}
                email: {smtp_host: localhost, security: none}
                """);
        assertThat(c.federationTls().cert()).isEqualTo(dir.resolve("certs/fed.crt"));
        assertThat(c.media().maxUploadBytes()).isEqualTo(1L << 30);
        assertThat(c.email()).hasValueSatisfying(m -> assertThat(m.from()).isEqualTo("Lightweb <noreply@kaslo.example>"));
    }

    @Test
    void generatedConfigShouldLoadWhenWrittenByGenerateConfig() throws Exception {
        String yaml = ConfigGenerator.generate(java.util.Map.of("server_name", "nelson.example", "data_dir", "/srv/nelson",
                "registration.shared_secret", "s3cret"));
        HomeserverConfig c = load(yaml);
        assertThat(c.serverName().value()).isEqualTo("nelson.example");
        assertThat(c.registration().sharedSecret()).contains("s3cret");
    }

    @Test
    void loadShouldReadNotariesAndOldSigningKeysWhenGiven() throws Exception {
        HomeserverConfig c = load("""
                server_name: kaslo.test
                data_dir: data
                federation:
                  key_validity_period: 2d
                  trusted_key_servers:
                    - server_name: notary.test
                      verify_keys: {"ed25519:auto": "Noi6WqcDj0QmPxCNQqgezwTlBKrfqehY1u2FyWP9uYw"}
                  old_signing_keys:
                    "ed25519:old": {key: "l/O9hxMVKB6Lg+3Hqf0FQQZhVESQcMzbPN1Cz2nM3og", expired_ts: 1700000000000}
                """);
        var f = c.federationClient();
        assertThat(f.keyValidityPeriod()).isEqualTo(Duration.ofDays(2));
        assertThat(f.trustedKeyServers()).containsExactly(new HomeserverConfig.TrustedKeyServer("notary.test",
                java.util.Map.of("ed25519:auto", "Noi6WqcDj0QmPxCNQqgezwTlBKrfqehY1u2FyWP9uYw")));
        assertThat(f.oldSigningKeys().get("ed25519:old").expiredTs()).isEqualTo(1700000000000L);
        assertThat(load("server_name: a.test\ndata_dir: d\n").federationClient().trustedKeyServers()).isEmpty();
    }

    @Test
    void loadShouldRefuseNotariesWithoutNameOrKeys() throws Exception {
        ConfigException e = problems("""
                server_name: kaslo.test
                data_dir: data
                federation:
                  trusted_key_servers:
                    - server_name: "bad name"
                      verify_keys: {"ed25519:a": "x"}
                    - server_name: ok.test
                """);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("federation.trusted_key_servers[0]");
        assertThat(problems("server_name: a.test\ndata_dir: d\nfederation: {trusted_key_servers: nope}\n").problems().get(0))
                .contains("a list");
    }
}
