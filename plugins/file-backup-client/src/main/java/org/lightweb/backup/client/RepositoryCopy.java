package org.lightweb.backup.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Copies a repository blob for blob, without its keys: after the home node is lost, from a partner's replicas to a
 * repository on the member's new node, so that pushes go on where they stopped. Every blob is checked on the way
 * (key files against their names, the others against their names and the verify key in {@code config}), so a damaged
 * or forged replica is reported and never copied. Blobs the target already has are skipped: an interrupted copy is
 * resumed by running it again. {@code config} goes last, so the target is a repository only once it is complete.
 * Locks are not copied.
 */
public final class RepositoryCopy {
    private static final BlobType[] ORDER = {BlobType.PACK, BlobType.INDEX, BlobType.SNAPSHOT, BlobType.KEYS};

    public record Result(long copied, long skipped, long bytes) {}

    private RepositoryCopy() {
    }

    public static Result copy(Backend from, Backend to, BackupEngine.Progress progress) throws IOException {
        Model.Config config = Repository.readConfig(from);
        byte[] verifyKey = Base64.getDecoder().decode(config.verifyKey());
        long copied = 0;
        long skipped = 0;
        long bytes = 0;
        List<String> damaged = new ArrayList<>();
        for (BlobType type : ORDER) {
            for (String name : from.list(type)) {
                if (to.has(type, name)) {
                    skipped++;
                    continue;
                }
                byte[] blob = from.get(type, name);
                try {
                    if (type == BlobType.KEYS) {
                        if (!Crypto.hex(Crypto.sha256(blob)).equals(name))
                            throw BackupException.integrity(type.dir + "/" + name + ": content does not match its name");
                    } else {
                        Repository.checkEnvelope(verifyKey, type, name, blob);
                    }
                } catch (BackupException e) {
                    damaged.add(e.getMessage());
                    continue;
                }
                to.put(type, name, blob);
                copied++;
                bytes += blob.length;
                progress.update(copied, bytes, bytes, type.dir + "/" + name);
            }
        }
        if (!damaged.isEmpty())
            throw BackupException.integrity(damaged.size() + " blob(s) failed their check and were not copied (the copy is incomplete; config"
                    + " was not written): " + String.join("; ", damaged.subList(0, Math.min(3, damaged.size()))));
        to.put(BlobType.CONFIG, "config", from.get(BlobType.CONFIG, "config"));
        return new Result(copied, skipped, bytes);
    }
}
