package org.lightweb.backup.client;

import java.io.IOException;
import java.util.List;

/**
 * Where a repository's blobs live: named, typed, write-once byte strings. The engine only ever hands a backend
 * ciphertext (plus the plaintext {@code config} and key files, which hold nothing secret), so a backend may be a
 * directory, the node's blob store over HTTP or a partner's blind store. Names are lower-case hex; for every type but
 * {@link BlobType#CONFIG} and {@link BlobType#LOCK} a name is the SHA-256 of the blob's content (before its
 * signature, see README.md), which lets any holder check a blob without keys.
 *
 * <p>Contract: {@code put} is atomic (a reader sees the whole blob or none) and idempotent (putting the same name
 * again is a no-op); {@code get} of a missing blob throws {@link java.nio.file.NoSuchFileException}.
 */
public interface Backend {
    List<String> list(BlobType type) throws IOException;

    boolean has(BlobType type, String name) throws IOException;

    void put(BlobType type, String name, byte[] content) throws IOException;

    byte[] get(BlobType type, String name) throws IOException;

    /** {@code length} bytes from {@code offset}: restore reads single chunks out of a pack with this. */
    byte[] getRange(BlobType type, String name, long offset, int length) throws IOException;

    /** Deleting a missing blob is not an error. */
    void delete(BlobType type, String name) throws IOException;

    /** Size in bytes, for stats; -1 if missing. */
    long size(BlobType type, String name) throws IOException;
}
