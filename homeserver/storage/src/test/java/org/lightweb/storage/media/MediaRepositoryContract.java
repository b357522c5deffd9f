package org.lightweb.storage.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lightweb.storage.media.MediaRepository.Content;
import org.lightweb.storage.media.MediaRepository.Media;
import org.lightweb.storage.media.MediaRepository.Thumbnail;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** Media rows: uploads, pending ids filled once, quotas and pending counts, shared bytes, thumbnails. */
public interface MediaRepositoryContract extends StorageContract {
    String SERVER = "example.org";

    default MediaRepository media() { return new JooqMediaRepository(storage().db()); }

    @Test
    default void uploadedMediaShouldBeFoundWithItsContent() {
        String id = TestStorage.freshName("m");
        String user = "@" + TestStorage.freshName("u") + ":example.org";
        await(media().addUploaded(SERVER, id, user, new Content("image/png", "cat.png", 42, "ab".repeat(32)), 7, true));
        Media m = await(media().find(SERVER, id)).orElseThrow();
        assertThat(m.uploaded()).isTrue();
        assertThat(m.contentType()).isEqualTo("image/png");
        assertThat(m.uploadName()).isEqualTo("cat.png");
        assertThat(m.size()).isEqualTo(42L);
        assertThat(m.userId()).isEqualTo(user);
        assertThat(m.restricted()).isTrue();
        assertThat(await(media().find(SERVER, id + "x"))).isEmpty();
        assertThat(await(media().find("other.org", id))).isEmpty();
    }

    @Test
    default void pendingMediaShouldBeFilledOnlyOnce() {
        String id = TestStorage.freshName("p");
        String user = "@" + TestStorage.freshName("u") + ":example.org";
        await(media().addPending(SERVER, id, user, 1, 1000, false));
        Media pending = await(media().find(SERVER, id)).orElseThrow();
        assertThat(pending.uploaded()).isFalse();
        assertThat(pending.unusedExpiresAt()).isEqualTo(1000L);
        assertThat(pending.restricted()).isFalse();
        assertThat(await(media().pendingCount(user, 999))).isEqualTo(1);
        assertThat(await(media().pendingCount(user, 1000))).isZero();

        Content first = new Content("text/plain", null, 3, "cd".repeat(32));
        assertThat(await(media().fillPending(SERVER, id, first, 5))).isTrue();
        assertThat(await(media().fillPending(SERVER, id, new Content("text/plain", null, 4, "ef".repeat(32)), 6))).isFalse();
        Media filled = await(media().find(SERVER, id)).orElseThrow();
        assertThat(filled.sha256()).isEqualTo("cd".repeat(32));
        assertThat(filled.unusedExpiresAt()).isNull();
        assertThat(await(media().pendingCount(user, 2))).isZero();
    }

    @Test
    default void quotaShouldCountEveryUploadOfTheUser() {
        String user = "@" + TestStorage.freshName("q") + ":example.org";
        assertThat(await(media().bytesUploadedBy(user))).isZero();
        String sha = TestStorage.freshName("s");
        await(media().addUploaded(SERVER, TestStorage.freshName("a"), user, new Content("a/b", null, 10, sha), 1, true));
        await(media().addUploaded(SERVER, TestStorage.freshName("b"), user, new Content("a/b", null, 10, sha), 1, true));
        await(media().addPending(SERVER, TestStorage.freshName("c"), user, 1, 100, true));
        assertThat(await(media().bytesUploadedBy(user))).isEqualTo(20L);
        assertThat(await(media().isReferenced(sha))).isTrue();
        assertThat(await(media().isReferenced(sha + "nope"))).isFalse();
    }

    @Test
    default void thumbnailsShouldBeCachedByTheirParameters() {
        String id = TestStorage.freshName("t");
        await(media().addUploaded(SERVER, id, "@u:example.org", new Content("image/png", null, 1, "00".repeat(32)), 1, true));
        Thumbnail t = new Thumbnail(32, 24, "scale", "image/png", 99, "11".repeat(32));
        await(media().addThumbnail(SERVER, id, t));
        await(media().addThumbnail(SERVER, id, t));
        assertThat(await(media().thumbnail(SERVER, id, 32, 24, "scale"))).contains(t);
        assertThat(await(media().thumbnail(SERVER, id, 32, 24, "crop"))).isEmpty();
        assertThat(await(media().isReferenced("11".repeat(32)))).isTrue();
        await(media().touch(SERVER, id, 77));
        assertThat(await(media().find(SERVER, id)).orElseThrow().lastAccessTs()).isEqualTo(77L);
    }

    @Test
    default void retentionShouldDeleteExpiredPendingIdsAndUnusedMediaWithTheirThumbnails() {
        String server = TestStorage.freshName("srv") + ".org";
        String user = "@u:example.org";
        await(media().addPending(server, "pendingOld", user, 1, 50, true));
        await(media().addPending(server, "pendingNew", user, 1, 500, true));
        String oldSha = TestStorage.freshName("old");
        String thumbSha = TestStorage.freshName("th");
        await(media().addUploaded(server, "old", user, new Content("image/png", null, 1, oldSha), 10, true));
        await(media().addThumbnail(server, "old", new Thumbnail(1, 1, "crop", "image/png", 1, thumbSha)));
        await(media().addUploaded(server, "oldButRead", user, new Content("image/png", null, 1, "r" + oldSha), 10, true));
        await(media().touch(server, "oldButRead", 300));
        await(media().addUploaded(server, "fresh", user, new Content("image/png", null, 1, "f" + oldSha), 250, true));

        assertThat(await(media().deleteExpiredPending(100))).isGreaterThanOrEqualTo(1);
        assertThat(await(media().find(server, "pendingOld"))).isEmpty();
        assertThat(await(media().find(server, "pendingNew"))).isPresent();

        assertThat(await(media().deleteUnusedSince(server, 200))).containsExactlyInAnyOrder(oldSha, thumbSha);
        assertThat(await(media().find(server, "old"))).isEmpty();
        assertThat(await(media().thumbnail(server, "old", 1, 1, "crop"))).isEmpty();
        assertThat(await(media().isReferenced(thumbSha))).isFalse();
        assertThat(await(media().find(server, "oldButRead"))).isPresent();
        assertThat(await(media().find(server, "fresh"))).isPresent();
        assertThat(await(media().find(server, "pendingNew"))).isPresent();
    }

    @Test
    default void remoteMediaShouldFillItsStubOnceAndExpireWithItsThumbnails() {
        String origin = TestStorage.freshName("remote") + ".org";
        await(media().addRemoteStub(origin, "thumbOnly", 2, true));
        await(media().addRemoteStub(origin, "thumbOnly", 9, false));             // exists: nothing changes
        Media stub = await(media().find(origin, "thumbOnly")).orElseThrow();
        assertThat(stub.uploaded()).isFalse();
        assertThat(stub.restricted()).isTrue();
        assertThat(stub.userId()).isEmpty();
        String thumbSha = TestStorage.freshName("rt");
        await(media().addThumbnail(origin, "thumbOnly", new Thumbnail(8, 8, "scale", "image/png", 5, thumbSha)));

        // The original arrives later: it fills the stub; a second (raced) fetch keeps the first content.
        String sha = TestStorage.freshName("rs");
        Media filled = await(media().addRemote(origin, "thumbOnly", new Content("image/png", "a.png", 9, sha), 3, true));
        assertThat(filled.sha256()).isEqualTo(sha);
        assertThat(filled.uploadName()).isEqualTo("a.png");
        Media kept = await(media().addRemote(origin, "thumbOnly", new Content("image/png", null, 9, sha + "x"), 4, true));
        assertThat(kept.sha256()).isEqualTo(sha);
        Media fresh = await(media().addRemote(origin, "new", new Content("text/plain", null, 1, sha + "n"), 3, false));
        assertThat(fresh.restricted()).isFalse();
        await(media().touch(origin, "new", 1_000));
        String local = TestStorage.freshName("local") + ".org";
        await(media().addUploaded(local, "mine", "@u:" + local, new Content("a/b", null, 1, sha + "l"), 3, true));

        assertThat(await(media().deleteRemoteUnusedSince(local, 500))).contains(sha, thumbSha).doesNotContain(sha + "n", sha + "l");
        assertThat(await(media().find(origin, "thumbOnly"))).isEmpty();
        assertThat(await(media().thumbnail(origin, "thumbOnly", 8, 8, "scale"))).isEmpty();
        assertThat(await(media().find(origin, "new"))).isPresent();
        assertThat(await(media().find(local, "mine"))).isPresent();
    }

    @Test
    default void quarantineShouldBeRecordedOnceAndLifted() {
        String id = TestStorage.freshName("qm");
        assertThat(await(media().isQuarantined("remote.example", id))).isFalse();
        assertThat(await(media().quarantine("remote.example", id, "@admin:example.org", 5))).isTrue();
        assertThat(await(media().quarantine("remote.example", id, "@admin:example.org", 6))).isFalse();
        assertThat(await(media().isQuarantined("remote.example", id))).isTrue();
        assertThat(await(media().isQuarantined(SERVER, id))).isFalse();
        assertThat(await(media().unquarantine("remote.example", id))).isTrue();
        assertThat(await(media().unquarantine("remote.example", id))).isFalse();
        assertThat(await(media().isQuarantined("remote.example", id))).isFalse();
    }

    @Test
    default void deleteShouldRemoveTheMediaAndItsThumbnailsAndAnswerTheirBytes() {
        String id = TestStorage.freshName("dm");
        String sha = TestStorage.freshName("s");
        String thumbSha = TestStorage.freshName("t");
        await(media().addUploaded(SERVER, id, "@u:example.org", new Content("image/png", null, 10, sha), 1, false));
        await(media().addThumbnail(SERVER, id, new Thumbnail(32, 32, "scale", "image/png", 3, thumbSha)));
        assertThat(await(media().delete(SERVER, id)).orElseThrow()).containsExactlyInAnyOrder(sha, thumbSha);
        assertThat(await(media().find(SERVER, id))).isEmpty();
        assertThat(await(media().thumbnail(SERVER, id, 32, 32, "scale"))).isEmpty();
        assertThat(await(media().isReferenced(thumbSha))).isFalse();
        assertThat(await(media().delete(SERVER, id))).isEmpty();
    }
}
