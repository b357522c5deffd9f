package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Generated trees (public: homeserver/it's FileBackupIT uses them from the test jar) for the tests and a byte-for-byte, mode and mtime comparison. */
public final class TestTrees {
    static final Crypto.KdfParams FAST_KDF = new Crypto.KdfParams(1024, 1, 1);
    static final Chunker.Sizes SMALL_CHUNKS = new Chunker.Sizes(4 * 1024, 16 * 1024, 64 * 1024);
    static final int SMALL_PACK = 256 * 1024;
    public static final String MARKER = "LIGHTWEB-PLAINTEXT-MARKER-7f3a";

    private TestTrees() {
    }

    /** Binary files, {@code small} small files, unicode names, empty files and dirs, a symlink, odd modes, old mtimes. */
    public static void generate(Path root, int small, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(root);
        Path bin = Files.createDirectories(root.resolve("binary"));
        for (int i = 0; i < 5; i++) {
            byte[] b = new byte[50_000 + r.nextInt(400_000)];
            r.nextBytes(b);
            Files.write(bin.resolve("blob-" + i + ".bin"), b);
        }
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < small; i++) {
            Path d = Files.createDirectories(many.resolve("d" + (i % 40)));
            String text = MARKER + " file " + i + " " + "x".repeat(r.nextInt(300));
            Files.writeString(d.resolve("f" + i + ".txt"), text);
        }
        Path uni = Files.createDirectories(root.resolve("ünïcödé-名前-🙂"));
        Files.writeString(uni.resolve("Ω résumé ☃.txt"), MARKER + " unicode contents ✓", StandardCharsets.UTF_8);
        Files.write(uni.resolve("empty file"), new byte[0]);
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("nested/empty/deeper"));
        Path script = root.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho " + MARKER + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(bin.resolve("blob-0.bin"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(root.resolve("link-to-script"), Path.of("run.sh"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/" + MARKER));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList())
                if (!Files.isSymbolicLink(p))
                    Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456Z").plusSeconds(r.nextInt(1_000_000))));
        }
    }

    /** Asserts that {@code actual} holds the same entries as {@code expected}: type, bytes, mode, mtime, link target. */
    public static void assertSameTree(Path expected, Path actual) throws IOException {
        List<String> e = list(expected);
        List<String> a = list(actual);
        assertThat(a).containsExactlyElementsOf(e);
        for (String rel : e) {
            Path x = rel.isEmpty() ? expected : expected.resolve(rel);
            Path y = rel.isEmpty() ? actual : actual.resolve(rel);
            if (Files.isSymbolicLink(x)) {
                assertThat(Files.isSymbolicLink(y)).as(rel).isTrue();
                assertThat(Files.readSymbolicLink(y)).as(rel).isEqualTo(Files.readSymbolicLink(x));
                continue;
            }
            assertThat(Files.getPosixFilePermissions(y)).as("mode of " + rel).isEqualTo(Files.getPosixFilePermissions(x));
            assertThat(Files.getLastModifiedTime(y)).as("mtime of " + rel).isEqualTo(Files.getLastModifiedTime(x));
            if (Files.isRegularFile(x)) assertThat(sha256(y)).as("content of " + rel).isEqualTo(sha256(x));
            else assertThat(Files.isDirectory(y)).as(rel).isTrue();
        }
    }

    static List<String> list(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> out.add(root.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return Crypto.hex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code root}. */
    public static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    static Repository newRepo(Path dir) throws IOException {
        return Repository.init(new LocalBackend(dir), "correct horse battery staple", FAST_KDF, SMALL_CHUNKS, SMALL_PACK).repository();
    }
}
