package org.lightweb.backup.client;

/**
 * The kinds of named blob a repository stores. Every blob is write-once; only {@code forget}, {@code prune} and lock
 * release delete. {@link #code} is the byte bound into every envelope (so a snapshot cannot be passed off as an
 * index) and {@link #dir} the directory name a backend may use.
 */
public enum BlobType {
    CONFIG("config", 0),
    KEYS("keys", 1),
    PACK("data", 2),
    INDEX("index", 3),
    SNAPSHOT("snapshots", 4),
    LOCK("locks", 5);

    public final String dir;
    public final int code;

    BlobType(String dir, int code) {
        this.dir = dir;
        this.code = code;
    }
}
