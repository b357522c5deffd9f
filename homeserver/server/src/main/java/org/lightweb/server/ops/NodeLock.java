package org.lightweb.server.ops;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code <data_dir>/lightweb.lock}, held while a node runs: a second node on the same data is
 * refused, and {@code restore-db} knows the node is stopped. The OS drops the lock when the process dies, so a crash
 * leaves nothing to clean up.
 */
public final class NodeLock implements AutoCloseable {
    private static final String FILE = "lightweb.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private NodeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or answers empty when another node (in this process or another) holds it. */
    public static java.util.Optional<NodeLock> acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new NodeLock(channel, lock));
        } catch (OverlappingFileLockException held) {
            channel.close();
            return java.util.Optional.empty();
        }
    }

    /** Whether a node runs on this data directory now. */
    public static boolean held(Path dataDir) throws IOException {
        var mine = acquire(dataDir);
        mine.ifPresent(NodeLock::close);
        return mine.isEmpty();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
    }
}
