package org.lightweb.backup.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON documents a repository stores, all of them encrypted except {@link Config}. */
public final class Model {
    private Model() {
    }

    /**
     * {@code config}, plaintext: nothing secret, what a client needs before it has a key. {@code recoveryKey} is the
     * public half of {@link RecoveryAccess} (absent in repositories made before it existed: {@code recovery enable}).
     */
    public record Config(int version, String id, String verifyKey, int chunkMin, int chunkAvg, int chunkMax,
                         int packTarget, String created, @JsonInclude(JsonInclude.Include.NON_NULL) String recoveryKey) {
        public Config withRecoveryKey(String key) {
            return new Config(version, id, verifyKey, chunkMin, chunkAvg, chunkMax, packTarget, created, key);
        }
    }

    /**
     * One entry of a snapshot's tree. {@code type} is {@code dir}, {@code file} or {@code symlink}; {@code mode} the
     * permission bits (07777); {@code mtime} an ISO-8601 instant with the file system's precision; {@code chunks}
     * the file's chunk ids in order; {@code target} a symlink's target, stored as the link, never followed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(String name, String type, int mode, String mtime, Long size, List<String> chunks,
                       String target, List<Node> children) {
        @JsonIgnore
        public boolean isDir() {
            return "dir".equals(type);
        }

        @JsonIgnore
        public boolean isFile() {
            return "file".equals(type);
        }

        @JsonIgnore
        public boolean isSymlink() {
            return "symlink".equals(type);
        }
    }

    /** A snapshot: when, from where, which top-level paths, and their tree (one child of {@code root} per path). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Snapshot(String time, String host, String user, List<String> paths, Node root) {
    }

    /** A snapshot read without its tree (most of its size: a few MiB for tens of thousands of files). */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotHead(String time, String host, String user, List<String> paths) {
    }

    /** Where a chunk is: pack name, byte offset of its ciphertext in the pack file, ciphertext and plaintext length. */
    public record Location(String pack, long offset, int length, int rawLength) {
    }

    /** An index blob: packs and the chunks each holds. */
    public record IndexDoc(List<IndexPack> packs) {
    }

    public record IndexPack(String id, List<IndexEntry> blobs) {
    }

    public record IndexEntry(String id, long off, int len, int raw) {
    }

    /** A lock blob: who holds it since when; exclusive for forget/prune, shared for push. */
    public record LockDoc(String host, long pid, String user, String time, boolean exclusive) {
    }
}
