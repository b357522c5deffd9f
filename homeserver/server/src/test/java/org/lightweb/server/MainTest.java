package org.lightweb.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands, as scripts/lightweb runs them. */
class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config() throws Exception {
        Result gen = run("generate-config", "--server-name", "kaslo.example", "--data-dir", dir.resolve("data").toString(),
                "--client-port", "18008", "--federation-port", "18448");
        assertThat(gen.code()).isZero();
        Path file = dir.resolve("homeserver.yaml");
        Files.writeString(file, gen.out().replace("argon2_memory: 19MiB", "argon2_memory: 64KiB"));
        return file;
    }

    @Test
    void generateConfigShouldPrintAConfigThatChecksClean() throws Exception {
        Path file = config();
        String text = Files.readString(file);
        assertThat(text).contains("server_name: \"kaslo.example\"").contains("port: 18008").contains("shared_secret: \"");
        Result check = run("check-config", "--config", file.toString());
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("config OK").contains("kaslo.example");
    }

    @Test
    void checkConfigShouldNameTheKeyValueAndExpectationWithoutAStackTrace() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server_name: kaslo.example\ndata_dir: d\nlisteners: {client: {port: http}}\n");
        Result check = run("check-config", "--config", file.toString());
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.err()).contains("listeners.client.port").contains("'http'").contains("port number")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void registerUserShouldCreateTheUserOnceAndRefuseTheSameNameAgain() throws Exception {
        Path file = config();
        Result first = run("register-user", "--config", file.toString(), "root", "--admin", "--password", "a-good-password");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Created @root:kaslo.example (server admin)");
        Result again = run("register-user", "--config", file.toString(), "root", "--password", "a-good-password");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already taken").doesNotContain("\tat ");
        Result weak = run("register-user", "--config", file.toString(), "other", "--password", "short");
        assertThat(weak.code()).isEqualTo(1);
        assertThat(weak.err()).contains("too short");
    }

    @Test
    void createRegistrationTokenShouldPrintTheTokenAndRefuseDuplicates() throws Exception {
        Path file = config();
        Result made = run("create-registration-token", "--config", file.toString(), "--token", "coop-2026", "--uses", "3",
                "--expires", "7d");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out().trim()).isEqualTo("coop-2026");
        Result dup = run("create-registration-token", "--config", file.toString(), "--token", "coop-2026");
        assertThat(dup.code()).isNotZero();
        assertThat(dup.err()).contains("exists already");
        Result generated = run("create-registration-token", "--config", file.toString());
        assertThat(generated.out().trim()).matches("[A-Za-z0-9]{16}");
    }

    @Test
    void usageShouldBePrintedWhenCommandIsUnknownOrOptionsAreMissing() {
        assertThat(run().code()).isEqualTo(2);
        Result unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'").contains("usage:");
        Result missing = run("generate-config", "--server-name", "x.example");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--data-dir is required");
        assertThat(run("generate-config", "--server-name", "bad name", "--data-dir", "d").err()).contains("not a server name");
        assertThat(run("version").out()).startsWith("Lightweb ");
    }
}
