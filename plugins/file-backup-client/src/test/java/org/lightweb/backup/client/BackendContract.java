package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backend} must do, as tests: extend it with a fresh, empty backend. LocalBackendTest does; the
 * node's HTTP blob store (plugins/file-backup) is meant to run the same contract.
 */
abstract class BackendContract {
    abstract Backend backend() throws Exception;

    private static final String NAME = "ab" + "0".repeat(62);

    @Test
    void putShouldMakeABlobReadableListedAndSizedWhenStored() throws Exception {
        Backend b = backend();
        byte[] content = "ciphertext".getBytes(StandardCharsets.UTF_8);
        assertThat(b.has(BlobType.PACK, NAME)).isFalse();
        assertThat(b.size(BlobType.PACK, NAME)).isEqualTo(-1);
        b.put(BlobType.PACK, NAME, content);
        assertThat(b.has(BlobType.PACK, NAME)).isTrue();
        assertThat(b.get(BlobType.PACK, NAME)).isEqualTo(content);
        assertThat(b.getRange(BlobType.PACK, NAME, 6, 4)).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
        assertThat(b.size(BlobType.PACK, NAME)).isEqualTo(content.length);
        assertThat(b.list(BlobType.PACK)).containsExactly(NAME);
        assertThat(b.list(BlobType.INDEX)).isEmpty();
        assertThat(b.has(BlobType.INDEX, NAME)).isFalse();
    }

    @Test
    void putShouldBeANoOpWhenTheNameIsAlreadyStored() throws Exception {
        Backend b = backend();
        b.put(BlobType.SNAPSHOT, NAME, new byte[] {1});
        b.put(BlobType.SNAPSHOT, NAME, new byte[] {1});
        assertThat(b.list(BlobType.SNAPSHOT)).containsExactly(NAME);
        assertThat(b.get(BlobType.SNAPSHOT, NAME)).containsExactly(1);
    }

    @Test
    void getShouldThrowNoSuchFileWhenTheBlobIsMissing() throws Exception {
        Backend b = backend();
        assertThatThrownBy(() -> b.get(BlobType.INDEX, NAME)).isInstanceOf(NoSuchFileException.class);
        b.put(BlobType.INDEX, NAME, new byte[10]);
        assertThatThrownBy(() -> b.getRange(BlobType.INDEX, NAME, 8, 4)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void deleteShouldRemoveTheBlobAndIgnoreAMissingOne() throws Exception {
        Backend b = backend();
        b.put(BlobType.LOCK, NAME, new byte[] {7});
        b.delete(BlobType.LOCK, NAME);
        b.delete(BlobType.LOCK, NAME);
        assertThat(b.list(BlobType.LOCK)).isEmpty();
    }

    @Test
    void namesShouldBeRefusedWhenTheyCouldEscapeTheStore() throws Exception {
        Backend b = backend();
        for (String bad : new String[] {"../x", "a/b", "", "UPPER", ".hidden"})
            assertThatThrownBy(() -> b.put(BlobType.KEYS, bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
}
