package org.lightweb.server.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lightweb.core.MatrixException;

/**
 * Bytes on disk, named by their SHA-256: {@code root/content/ab/cd/abcd...}. Identical content is stored once.
 * A body is streamed into {@code root/tmp} while it is hashed and counted, then moved into place atomically, so a
 * file under content/ is always complete; an upload that fails or is cut off midway has its temp file deleted
 * (and whatever a crash left in tmp/ is deleted at start).
 *
 * <p>Writes and deletions of the same bytes never race. A finished write holds a <em>lease</em> on its hash until the
 * caller has recorded it in the database ({@link #release}); {@link #deleteUnreferenced} leaves leased bytes alone,
 * and moves the file aside to {@code trash/} before it checks the database a last time, putting it back when a
 * reference appeared meanwhile. So an identical upload that finishes while retention deletes the bytes either writes
 * its own copy or finds the file kept.
 */
public final class BlobStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** What a finished write stored. */
    public record Stored(String sha256, long size) {}

    private final Vertx vertx;
    private final Path content;
    private final Path tmp;
    private final Path trash;
    /** Hashes written and not yet recorded by their writers, with how many writers hold each. Guards the files too. */
    private final Map<String, Integer> leases = new HashMap<>();

    public BlobStore(Vertx vertx, Path root) {
        this.vertx = vertx;
        this.content = root.resolve("content");
        this.tmp = root.resolve("tmp");
        this.trash = root.resolve("trash");
    }

    /** Creates the directories and deletes leftovers of interrupted writes. */
    public void start() {
        try {
            Files.createDirectories(content);
            Files.createDirectories(tmp);
            Files.createDirectories(trash);
            try (Stream<Path> leftovers = Files.list(tmp)) {
                for (Path p : leftovers.toList()) Files.deleteIfExists(p);
            }
            // A deletion cut off between moving a file aside and its last check: put it back, the next
            // retention pass decides again.
            try (Stream<Path> aside = Files.list(trash)) {
                for (Path p : aside.toList()) restore(p, p.getFileName().toString().split("\\.", 2)[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("media store " + content.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** Where the bytes with this hash are (whether or not they exist). Refuses anything but 64 hex digits. */
    public Path path(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("not a sha256");
        return content.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /**
     * Streams {@code body} (paused by the caller) to disk. Fails with 413 M_TOO_LARGE as soon as more than
     * {@code maxBytes} arrive, and with the stream's error when it breaks; {@code cancel} completing aborts it too
     * (the client went away). Either way nothing stays behind. A finished write holds a lease on its hash: the
     * caller {@link #release}s it once the bytes are recorded in the database, or it gave up.
     */
    public Future<Stored> write(ReadStream<Buffer> body, long maxBytes, Future<Void> cancel) {
        Path temp = tmp.resolve(MediaIds.generate() + ".part");
        MessageDigest digest = sha256();
        Promise<Stored> result = Promise.promise();
        vertx.fileSystem().open(temp.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onFailure(result::fail)
                .onSuccess(file -> new Transfer(body, file, temp, digest, maxBytes, result).start(cancel));
        return result.future();
    }

    /** Ends the lease a finished write took on {@code sha256}, once the caller recorded it (or gave up). */
    public void release(String sha256) {
        synchronized (leases) {
            leases.computeIfPresent(sha256, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * Deletes the bytes of {@code sha256} unless a writer holds a lease on them or {@code referenced} (asked after
     * the file was moved aside, so no new writer can rely on it unseen) answers true.
     *
     * @return whether a file was deleted
     */
    public Future<Boolean> deleteUnreferenced(String sha256, Supplier<Future<Boolean>> referenced) {
        Path target = path(sha256);
        Path aside = trash.resolve(sha256 + "." + MediaIds.generate());
        return vertx.executeBlocking(() -> {
            synchronized (leases) {
                if (leases.containsKey(sha256) || !Files.exists(target)) return false;
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        }, false).compose(moved -> !moved ? Future.succeededFuture(false) : referenced.get()
                .recover(err -> Future.succeededFuture(true))   // unsure: keep the file
                .compose(used -> vertx.executeBlocking(() -> {
                    if (used) {
                        restore(aside, sha256);
                        return false;
                    }
                    Files.deleteIfExists(aside);
                    return true;
                }, false)));
    }

    /** Puts a file moved aside back, unless a writer stored the same bytes again meanwhile. */
    private void restore(Path aside, String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            Files.deleteIfExists(aside);
            return;
        }
        synchronized (leases) {
            Path target = path(sha256);
            if (Files.exists(target)) {
                Files.deleteIfExists(aside);
            } else {
                Files.createDirectories(target.getParent());
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Writes bytes produced in memory (thumbnails) the same way; the caller releases the lease. */
    public Future<Stored> write(byte[] bytes) {
        return vertx.executeBlocking(() -> {
            Path temp = tmp.resolve(MediaIds.generate() + ".part");
            try {
                Files.write(temp, bytes);
                String sha = HexFormat.of().formatHex(sha256().digest(bytes));
                moveIntoPlace(temp, sha);
                return new Stored(sha, bytes.length);
            } finally {
                Files.deleteIfExists(temp);
            }
        }, false);
    }

    /**
     * Copies {@code in} to disk the same way, blocking: only for threads that may block (an HTTP client's, reading
     * another server's answer). Fails with 413 M_TOO_LARGE past {@code maxBytes}; the caller releases the lease.
     */
    public Stored writeBlocking(java.io.InputStream in, long maxBytes) throws IOException {
        Path temp = tmp.resolve(MediaIds.generate() + ".part");
        MessageDigest digest = sha256();
        long size = 0;
        try {
            try (var out = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = in.read(chunk)) != -1; ) {
                    size += n;
                    if (size > maxBytes) throw MatrixException.tooLarge("Content is larger than the limit of " + maxBytes + " bytes");
                    digest.update(chunk, 0, n);
                    out.write(chunk, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            moveIntoPlace(temp, sha);
            return new Stored(sha, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves finished bytes into place and takes a lease on them, which the caller must {@link #release}. */
    private void moveIntoPlace(Path temp, String sha) throws IOException {
        Path target = path(sha);
        synchronized (leases) {
            if (Files.exists(target)) {
                leases.merge(sha, 1, Integer::sum);
                return; // identical bytes are stored already; the caller's finally drops temp
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                // cannot happen under the lock, but either copy would do
            }
            leases.merge(sha, 1, Integer::sum);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One body on its way to disk, with back-pressure from the file to the request. */
    private final class Transfer {
        private final ReadStream<Buffer> body;
        private final AsyncFile file;
        private final Path temp;
        private final MessageDigest digest;
        private final long maxBytes;
        private final Promise<Stored> result;
        private long size;
        private boolean finished;

        Transfer(ReadStream<Buffer> body, AsyncFile file, Path temp, MessageDigest digest, long maxBytes,
                 Promise<Stored> result) {
            this.body = body;
            this.file = file;
            this.temp = temp;
            this.digest = digest;
            this.maxBytes = maxBytes;
            this.result = result;
        }

        void start(Future<Void> cancel) {
            cancel.onComplete(v -> abort(MatrixException.badJson("Upload cancelled")));
            body.exceptionHandler(this::abort);
            body.handler(chunk -> {
                if (finished) return;
                size += chunk.length();
                if (size > maxBytes) {
                    abort(MatrixException.tooLarge("Upload is larger than the limit of " + maxBytes + " bytes"));
                    return;
                }
                digest.update(chunk.getBytes());
                file.write(chunk).onFailure(this::abort);   // a full disk refuses a write: nothing half-stored
                if (file.writeQueueFull()) {
                    body.pause();
                    file.drainHandler(v -> body.resume());
                }
            });
            body.endHandler(v -> finish());
            file.exceptionHandler(this::abort);
            body.resume();
        }

        private void finish() {
            if (finished) return;
            finished = true;
            String sha = HexFormat.of().formatHex(digest.digest());
            file.close().compose(v -> vertx.executeBlocking(() -> {
                try {
                    long written = Files.size(temp);
                    if (written != size) {
                        throw MatrixException.unavailable("The server could store only " + written + " of " + size
                                + " bytes (disk full?); try again later");
                    }
                    moveIntoPlace(temp, sha);
                } finally {
                    Files.deleteIfExists(temp);
                }
                return new Stored(sha, size);
            }, false)).onComplete(result);
        }

        private void abort(Throwable why) {
            if (finished) return;
            finished = true;
            body.handler(null);
            // Fail only once the temp file is gone, so nothing is left behind when the client hears of it.
            file.close().transform(closed -> vertx.fileSystem().delete(temp.toString()))
                    .onComplete(deleted -> result.tryFail(why));
        }
    }
}
