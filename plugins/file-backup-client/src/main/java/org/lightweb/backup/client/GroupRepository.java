package org.lightweb.backup.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Group repositories (issue #11, CoBox-style shared spaces): one repository that several members push to and restore
 * from. It is an ordinary repository whose key files are {@link MemberKeyFile}s, one per member, each sealing the
 * master key to that member's {@link Identity} key, plus a recovery-code key file. Nobody's passphrase opens it
 * directly: a member's passphrase opens their identity file, whose private key opens their key file.
 *
 * <p>Removing a member re-keys ({@link #remove}): a fresh master key generation (new enc, id, gear and sign keys)
 * that carries the earlier generations for reading, key files for the remaining members only, a new recovery code.
 * What is written afterwards is encrypted, identified and signed under keys the removed member never held.
 */
public final class GroupRepository {
    private GroupRepository() {
    }

    /** A new group repository whose first member is {@code userId}; returns it and its recovery code. */
    public static Repository.Created init(Backend backend, String userId, Identity me, Crypto.KdfParams kdf, Chunker.Sizes sizes,
            int packTarget) throws IOException {
        if (backend.has(BlobType.CONFIG, "config") || !backend.list(BlobType.KEYS).isEmpty())
            throw BackupException.failed("a repository already exists there");
        MasterKey key = MasterKey.generate();
        String id = Crypto.hex(Crypto.random(16));
        String code = KeyFile.newRecoveryCode();
        Model.Config config = new Model.Config(1, id, Base64.getEncoder().encodeToString(key.verifyKey()),
                sizes.min(), sizes.avg(), sizes.max(), packTarget, Instant.now().toString(), RecoveryAccess.fromCode(code).publicKey());
        putKeyFile(backend, MemberKeyFile.wrap(key, id, userId, me.publicKey()));
        putKeyFile(backend, KeyFile.wrap(key, id, "recovery", code, kdf, "recovery code"));
        backend.put(BlobType.CONFIG, "config", Repository.JSON.writeValueAsBytes(config));
        return new Repository.Created(new Repository(backend, config, key), code);
    }

    /**
     * Opens with the member's identity: the key file sealed to {@code me} for {@code userId} whose key is the one
     * {@code config} names (a key file left from before a re-key opens an older generation and is passed over).
     */
    public static Repository open(Backend backend, String userId, Identity me) throws IOException {
        Model.Config config = Repository.readConfig(backend);
        boolean stale = false;
        for (String name : backend.list(BlobType.KEYS)) {
            byte[] file = backend.get(BlobType.KEYS, name);
            if (!name.equals(Crypto.hex(Crypto.sha256(file)))) continue; // damaged: verify reports it
            Optional<MasterKey> key = MemberKeyFile.unwrap(file, config.id(), userId, me);
            if (key.isEmpty()) continue;
            if (config.verifyKey().equals(Base64.getEncoder().encodeToString(key.get().verifyKey())))
                return new Repository(backend, config, key.get());
            stale = true;
        }
        throw new BackupException(BackupException.Kind.WRONG_KEY, stale
                ? userId + "'s key file opens only a key from before this repository was re-keyed: you were removed, or a re-key did not finish"
                : "no key file of this group repository is sealed to " + userId + "'s identity key (fingerprint " + me.fingerprint()
                        + "): a member must run 'group add " + userId + "' first");
    }

    /** A member as the key files say: user, identity key, and the key file's name. */
    public record Member(String user, byte[] identityKey, String keyFile) {
        public String fingerprint() {
            return Identity.fingerprint(identityKey);
        }
    }

    /** The members with a key file, read without any key (key files are plaintext but for the wrapped key). */
    public static List<Member> members(Backend backend) throws IOException {
        List<Member> out = new ArrayList<>();
        for (String name : backend.list(BlobType.KEYS)) {
            byte[] file = backend.get(BlobType.KEYS, name);
            if (!name.equals(Crypto.hex(Crypto.sha256(file)))) continue;
            MemberKeyFile.info(file).ifPresent(i -> out.add(new Member(i.user(), i.identityKey(), name)));
        }
        out.sort(Comparator.comparing(Member::user));
        return out;
    }

    /** Seals the repository's key to another member's identity key; false when that member already has this key. */
    public static boolean add(Repository repo, String userId, byte[] identityKey) throws IOException {
        for (Member m : members(repo.backend())) {
            if (m.user().equals(userId) && Arrays.equals(m.identityKey(), identityKey)) return false;
        }
        putKeyFile(repo.backend(), MemberKeyFile.wrap(repo.key(), repo.config().id(), userId, identityKey));
        return true;
    }

    /** What a re-key did: the repository under the new generation, its recovery code, the members left. */
    public record Rekeyed(Repository repository, String recoveryCode, List<String> members, List<String> previousVerifyKeys) {
    }

    /**
     * Removes a member: under an exclusive lock (no push runs meanwhile), a new key generation, key files for every
     * other member (sealed to the identity keys their current key files name) and a new recovery code, then the new
     * config (its verify key), and only then the old key files are deleted: the removed member's, the others' and any
     * passphrase or recovery key file, which all open only the old generation. A crash half way leaves both sets;
     * members open whichever matches the config, and running {@code remove} again finishes the job.
     */
    public static Rekeyed remove(Repository repo, String userId, Crypto.KdfParams kdf) throws IOException {
        Backend backend = repo.backend();
        List<Member> all = members(backend);
        if (all.stream().noneMatch(m -> m.user().equals(userId))) throw BackupException.failed(userId + " has no key file in this repository");
        Map<String, byte[]> remaining = new LinkedHashMap<>();
        for (Member m : all) {
            if (!m.user().equals(userId)) remaining.putIfAbsent(m.user() + " " + Crypto.hex(m.identityKey()), m.identityKey());
        }
        if (remaining.isEmpty()) throw BackupException.failed("removing " + userId + " would leave nobody with a key (delete the repository instead)");
        try (Repository.Lock lock = repo.lock(true)) {
            List<String> old = backend.list(BlobType.KEYS);
            Set<String> existing = new HashSet<>();
            for (String n : backend.list(BlobType.INDEX)) existing.add(BlobType.INDEX.dir + "/" + n);
            for (String n : backend.list(BlobType.SNAPSHOT)) existing.add(BlobType.SNAPSHOT.dir + "/" + n);
            MasterKey fresh = repo.key().rekeyed(existing);
            Model.Config c = repo.config();
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : remaining.entrySet()) {
                String user = e.getKey().substring(0, e.getKey().indexOf(' '));
                putKeyFile(backend, MemberKeyFile.wrap(fresh, c.id(), user, e.getValue()));
                members.add(user);
            }
            String code = KeyFile.newRecoveryCode();
            putKeyFile(backend, KeyFile.wrap(fresh, c.id(), "recovery", code, kdf, "recovery code"));
            Model.Config next = new Model.Config(c.version(), c.id(), Base64.getEncoder().encodeToString(fresh.verifyKey()),
                    c.chunkMin(), c.chunkAvg(), c.chunkMax(), c.packTarget(), c.created(), RecoveryAccess.fromCode(code).publicKey());
            backend.put(BlobType.CONFIG, "config", Repository.JSON.writeValueAsBytes(next));
            for (String name : old) backend.delete(BlobType.KEYS, name);
            List<String> previous = fresh.previous().stream().map(k -> Base64.getEncoder().encodeToString(k.verifyKey())).toList();
            return new Rekeyed(new Repository(backend, next, fresh), code, List.copyOf(members), previous);
        }
    }

    /**
     * Rollback check for re-keys: {@code seenFile} (beside the identity file) keeps, per repository id, the most key
     * generations this device has opened. A repository that opens with fewer was rolled back by whoever stores it
     * (old {@code config} and key files served again, so that members would write under a key a removed member
     * holds): refused as an integrity error. Otherwise the count is updated.
     */
    @SuppressWarnings("unchecked")
    public static void checkNotRolledBack(Path seenFile, Repository repo) throws IOException {
        Map<String, Object> seen = new LinkedHashMap<>();
        if (Files.isRegularFile(seenFile)) seen.putAll(Repository.JSON.readValue(seenFile.toFile(), Map.class));
        int now = repo.key().generations().size();
        Object before = seen.get(repo.config().id());
        if (before instanceof Number n && n.intValue() > now)
            throw BackupException.integrity("this group repository opens with key generation " + now + " but this device has seen generation "
                    + n.intValue() + ": its config and key files were rolled back (a removed member could read what you write); do not push,"
                    + " ask the other members");
        if (before instanceof Number n && n.intValue() == now) return;
        seen.put(repo.config().id(), now);
        Path dir = seenFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + seenFile.getFileName() + ".tmp-" + Crypto.hex(Crypto.random(6)));
        try {
            Files.write(tmp, Repository.JSON.writeValueAsBytes(seen));
            Files.move(tmp, seenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void putKeyFile(Backend backend, byte[] file) throws IOException {
        backend.put(BlobType.KEYS, Crypto.hex(Crypto.sha256(file)), file);
    }
}
