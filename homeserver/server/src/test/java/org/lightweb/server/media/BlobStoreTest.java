package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and deletions of the same bytes: leases and the last check after moving aside keep bytes someone uses. */
class BlobStoreTest {
    private static final byte[] BYTES = "the same bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;
    private Vertx vertx;
    private BlobStore blobs;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        blobs = new BlobStore(vertx, root);
        blobs.start();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bytesWhoseWriterHasNotRecordedThemYetAreKept() throws Exception {
        BlobStore.Stored stored = await(blobs.write(BYTES));
        assertThat(await(blobs.deleteUnreferenced(stored.sha256(), () -> Future.succeededFuture(false)))).isFalse();
        assertThat(blobs.path(stored.sha256())).exists();

        blobs.release(stored.sha256());
        assertThat(await(blobs.deleteUnreferenced(stored.sha256(), () -> Future.succeededFuture(false)))).isTrue();
        assertThat(blobs.path(stored.sha256())).doesNotExist();
    }

    @Test
    void twoWritersOfTheSameBytesHoldTwoLeases() throws Exception {
        String sha = await(blobs.write(BYTES)).sha256();
        await(blobs.write(BYTES));
        blobs.release(sha);
        assertThat(await(blobs.deleteUnreferenced(sha, () -> Future.succeededFuture(false)))).isFalse();
        blobs.release(sha);
        assertThat(await(blobs.deleteUnreferenced(sha, () -> Future.succeededFuture(false)))).isTrue();
    }

    @Test
    void aReferenceThatAppearsDuringTheDeletionPutsTheFileBack() throws Exception {
        String sha = await(blobs.write(BYTES)).sha256();
        blobs.release(sha);
        assertThat(await(blobs.deleteUnreferenced(sha, () -> Future.succeededFuture(true)))).isFalse();
        assertThat(Files.readAllBytes(blobs.path(sha))).isEqualTo(BYTES);
        assertThat(root.resolve("trash")).isEmptyDirectory();
    }

    @Test
    void anIdenticalUploadDuringTheDeletionKeepsItsBytes() throws Exception {
        String sha = await(blobs.write(BYTES)).sha256();
        blobs.release(sha);
        // While the old file is aside, the same bytes are uploaded again and not yet recorded.
        boolean deleted = await(blobs.deleteUnreferenced(sha, () -> blobs.write(BYTES).map(again -> false)));
        assertThat(deleted).isTrue();   // the old copy went
        assertThat(Files.readAllBytes(blobs.path(sha))).isEqualTo(BYTES);   // the new upload's copy is there
        assertThat(await(blobs.deleteUnreferenced(sha, () -> Future.succeededFuture(false)))).isFalse();  // leased
    }

    @Test
    void aDeletionCutOffMidwayIsUndoneAtStart() throws Exception {
        String sha = await(blobs.write(BYTES)).sha256();
        Files.move(blobs.path(sha), root.resolve("trash").resolve(sha + ".abc"));
        new BlobStore(vertx, root).start();
        assertThat(Files.readAllBytes(blobs.path(sha))).isEqualTo(BYTES);
        assertThat(root.resolve("trash")).isEmptyDirectory();
    }
}
