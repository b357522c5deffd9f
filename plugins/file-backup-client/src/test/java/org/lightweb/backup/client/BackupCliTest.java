package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCliTest {
    @TempDir
    Path tmp;
    private final Map<String, String> env = new HashMap<>();
    private String out;
    private String err;

    @BeforeEach
    void passphrase() {
        env.put("LIGHTWEB_BACKUP_PASSWORD", "cli passphrase");
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new BackupCli(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), env).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String init() {
        assertThat(run("--repo", tmp.resolve("repo").toString(), "init", "--argon2-memory-kib", "1024", "--argon2-iterations", "1",
                "--chunk-min", "4096", "--chunk-avg", "16384", "--chunk-max", "65536", "--pack-size", "262144")).as(err).isZero();
        Matcher m = Pattern.compile("recovery code: (\\S+)").matcher(out);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void commandsShouldRoundTripATreeWhenRunInSequence() throws Exception {
        String code = init();
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 30, 21);
        String repo = tmp.resolve("repo").toString();
        assertThat(run("--repo", repo, "push", src.toString())).as(err).isZero();
        assertThat(out).contains("snapshot ").contains("files").containsPattern(" [1-9][0-9]* packs");
        assertThat(run("--repo", repo, "push", src.toString())).isZero();
        assertThat(out).contains("0 packs");
        assertThat(run("--repo", repo, "snapshots")).isZero();
        assertThat(out.lines()).hasSize(2);
        assertThat(run("--repo", repo, "ls", "latest", "src/ünïcödé-名前-🙂")).isZero();
        assertThat(out).contains("Ω résumé ☃.txt").contains("empty file");
        assertThat(run("--repo", repo, "stats")).isZero();
        assertThat(out).contains("snapshots: 2").contains("deduplication ratio: 2.00");
        assertThat(run("--repo", repo, "verify", "--read-data")).as(out + err).isZero();
        assertThat(out).contains("no errors");

        env.remove("LIGHTWEB_BACKUP_PASSWORD");
        env.put("LIGHTWEB_BACKUP_RECOVERY_CODE", code);
        assertThat(run("--repo", repo, "restore", "latest", tmp.resolve("out").toString())).as(err).isZero();
        TestTrees.assertSameTree(src, tmp.resolve("out/src"));

        assertThat(run("--repo", repo, "forget", "--keep-last", "1", "--prune")).as(err).isZero();
        assertThat(out).contains("kept 1, removed 1").contains("pruned");
    }

    @Test
    void exitCodesShouldSayWhatWentWrongWhenCommandsFail() throws Exception {
        String repo = tmp.resolve("repo").toString();
        assertThat(run("--repo", repo, "snapshots")).isEqualTo(1);
        assertThat(err).contains("no repository");
        assertThat(run("--repo", repo, "frobnicate")).isEqualTo(1);
        init();
        assertThat(run("--repo", repo, "frobnicate")).isEqualTo(2);
        assertThat(err).contains("unknown command frobnicate");
        assertThat(run()).isEqualTo(2);
        assertThat(run("snapshots")).isEqualTo(2);
        assertThat(err).contains("--repo");
        assertThat(run("--repo", repo, "forget", "--keep-last", "x")).isEqualTo(2);
        assertThat(run("--repo", repo, "restore", "nosuch", tmp.resolve("o").toString())).isEqualTo(2);
        assertThat(run("--repo", repo, "push", tmp.resolve("missing").toString())).isEqualTo(2);
        assertThat(err).contains("no such file or directory");

        env.put("LIGHTWEB_BACKUP_PASSWORD", "not it");
        assertThat(run("--repo", repo, "snapshots")).isEqualTo(3);
        assertThat(err).contains("wrong passphrase").doesNotContain("Exception");
    }

    @Test
    void verifyShouldExitWithFourWhenAPackIsDamaged() throws Exception {
        init();
        String repo = tmp.resolve("repo").toString();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a.bin"), new byte[100_000]);
        assertThat(run("--repo", repo, "push", src.toString())).isZero();
        Path pack = TestTrees.files(tmp.resolve("repo/data")).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(pack.toFile(), "rw")) {
            raf.seek(raf.length() - 1);
            int b = raf.read();
            raf.seek(raf.length() - 1);
            raf.write(b ^ 1);
        }
        assertThat(run("--repo", repo, "verify")).isZero();
        assertThat(run("--repo", repo, "verify", "--read-data")).isEqualTo(4);
        assertThat(out).contains("error: data/").contains("signature does not verify");
        assertThat(err).contains("damaged");
    }
}
