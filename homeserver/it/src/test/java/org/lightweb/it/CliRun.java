package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.lightweb.backup.client.BackupCli;

/** One run of the backup CLI (`lightweb backup`) in this JVM, its exit code and output captured: what the backup ITs drive. */
record CliRun(int code, String out, String err) {
    static CliRun run(Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new BackupCli(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), env).run(args);
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The recovery code {@code init} printed. */
    String recoveryCode() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("recovery code: (\\S+)").matcher(out);
        assertThat(m.find()).as("no recovery code in: " + out).isTrue();
        return m.group(1);
    }

    /** A run that must succeed: exit code 0, else the assertion shows the command and its output. */
    static CliRun ok(Map<String, String> env, String... args) {
        CliRun r = run(env, args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }
}
