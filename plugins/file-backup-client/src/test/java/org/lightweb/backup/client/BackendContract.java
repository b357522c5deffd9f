package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Backend} must do, as tests: extend it with a fresh, empty backend. LocalBackendTest does, and so
 * does homeserver/it's FileBackupIT against the node's blob store over HTTP (public for that, from the test jar).
 * Blobs here follow the naming rule a store may check (README.md): a key file is named by the SHA-256 of all of it,
 * the other types by the SHA-256 of everything before a 64-byte signature.
 */
public abstract class BackendContract {
    protected abstract Backend backend() throws Exception;

    /** {@code body} followed by a 64-byte stand-in signature. */
    static byte[] signed(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(b, b.length + 64);
        Arrays.fill(out, b.length, out.length, (byte) 0x5a);
        return out;
    }

    static String nameOf(byte[] signedBlob) {
        return Crypto.hex(Crypto.sha256(signedBlob, 0, signedBlob.length - 64));
    }

    @Test
    public void putShouldMakeABlobReadableListedAndSizedWhenStored() throws Exception {
        Backend b = backend();
        byte[] content = signed("ciphertext");
        String name = nameOf(content);
        assertThat(b.has(BlobType.PACK, name)).isFalse();
        assertThat(b.size(BlobType.PACK, name)).isEqualTo(-1);
        b.put(BlobType.PACK, name, content);
        assertThat(b.has(BlobType.PACK, name)).isTrue();
        assertThat(b.get(BlobType.PACK, name)).isEqualTo(content);
        assertThat(b.getRange(BlobType.PACK, name, 6, 4)).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
        assertThat(b.size(BlobType.PACK, name)).isEqualTo(content.length);
        assertThat(b.list(BlobType.PACK)).containsExactly(name);
        assertThat(b.list(BlobType.INDEX)).isEmpty();
        assertThat(b.has(BlobType.INDEX, name)).isFalse();
    }

    @Test
    public void putShouldBeANoOpWhenTheNameIsAlreadyStored() throws Exception {
        Backend b = backend();
        byte[] content = signed("snapshot");
        String name = nameOf(content);
        b.put(BlobType.SNAPSHOT, name, content);
        b.put(BlobType.SNAPSHOT, name, content);
        assertThat(b.list(BlobType.SNAPSHOT)).containsExactly(name);
        assertThat(b.get(BlobType.SNAPSHOT, name)).isEqualTo(content);
    }

    @Test
    public void getShouldThrowNoSuchFileWhenTheBlobIsMissing() throws Exception {
        Backend b = backend();
        byte[] content = signed("0123456789");
        String name = nameOf(content);
        assertThatThrownBy(() -> b.get(BlobType.INDEX, name)).isInstanceOf(NoSuchFileException.class);
        b.put(BlobType.INDEX, name, content);
        assertThatThrownBy(() -> b.getRange(BlobType.INDEX, name, content.length - 2, 4)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    public void deleteShouldRemoveTheBlobAndIgnoreAMissingOne() throws Exception {
        Backend b = backend();
        byte[] content = signed("lock");
        String name = nameOf(content);
        b.put(BlobType.LOCK, name, content);
        b.delete(BlobType.LOCK, name);
        b.delete(BlobType.LOCK, name);
        assertThat(b.list(BlobType.LOCK)).isEmpty();
    }

    @Test
    public void configShouldBeReplaceableWhenPutAgain() throws Exception {
        Backend b = backend();
        b.put(BlobType.CONFIG, "config", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        b.put(BlobType.CONFIG, "config", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(b.get(BlobType.CONFIG, "config")).isEqualTo("{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(b.list(BlobType.CONFIG)).containsExactly("config");
    }

    @Test
    public void keyFilesShouldBeStoredWhenNamedByTheHashOfAllTheirBytes() throws Exception {
        Backend b = backend();
        byte[] key = "{\"kind\":\"passphrase\"}".getBytes(StandardCharsets.UTF_8);
        String name = Crypto.hex(Crypto.sha256(key));
        b.put(BlobType.KEYS, name, key);
        assertThat(b.list(BlobType.KEYS)).containsExactly(name);
    }

    @Test
    public void namesShouldBeRefusedWhenTheyCouldEscapeTheStore() throws Exception {
        Backend b = backend();
        for (String bad : new String[] {"../x", "a/b", "", "UPPER", ".hidden"})
            assertThatThrownBy(() -> b.put(BlobType.KEYS, bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
}
