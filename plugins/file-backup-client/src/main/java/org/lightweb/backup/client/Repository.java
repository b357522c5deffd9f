package org.lightweb.backup.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.AEADBadTagException;

/**
 * An open repository: the backend, its config and the unwrapped master key, and the format's readers and writers:
 * the signed envelope every stored blob but config and keys is wrapped in, encrypted JSON documents, packs, the
 * index and locks. The format is described in README.md; this class is its reference implementation.
 */
public final class Repository {
    static final byte[] MAGIC = {'L', 'W', 'B', '1'};
    static final int SIG = 64;
    static final int HEADER_ENTRY = 32 + 8 + 4 + 4;
    /** A lock older than this is ignored (its holder crashed); holders refresh theirs well before. */
    static final Duration STALE_LOCK = Duration.ofMinutes(30);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Backend backend;
    private Model.Config config;
    private final MasterKey key;
    private final byte[] verifyKey;

    Repository(Backend backend, Model.Config config, MasterKey key) {
        this.backend = backend;
        this.config = config;
        this.key = key;
        this.verifyKey = key.verifyKey();
    }

    /** A new repository and its recovery code (shown to the user once; never stored in plaintext). */
    public record Created(Repository repository, String recoveryCode) {
    }

    public static Created init(Backend backend, String passphrase, Crypto.KdfParams kdf, Chunker.Sizes sizes, int packTarget)
            throws IOException {
        if (passphrase == null || passphrase.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "the passphrase must not be empty");
        if (backend.has(BlobType.CONFIG, "config") || !backend.list(BlobType.KEYS).isEmpty())
            throw BackupException.failed("a repository already exists there");
        MasterKey key = MasterKey.generate();
        String id = Crypto.hex(Crypto.random(16));
        Model.Config config = new Model.Config(1, id, Base64.getEncoder().encodeToString(key.verifyKey()),
                sizes.min(), sizes.avg(), sizes.max(), packTarget, Instant.now().toString(), null);
        String code = KeyFile.newRecoveryCode();
        config = config.withRecoveryKey(RecoveryAccess.fromCode(code).publicKey());
        putKeyFile(backend, KeyFile.wrap(key, id, "passphrase", passphrase, kdf, "owner"));
        putKeyFile(backend, KeyFile.wrap(key, id, "recovery", code, kdf, "recovery code"));
        backend.put(BlobType.CONFIG, "config", JSON.writeValueAsBytes(config));
        return new Created(new Repository(backend, config, key), code);
    }

    /** Adds another way in (a second device, a group member): a key file wrapping the same master key. */
    public void addPassphrase(String passphrase, Crypto.KdfParams kdf, String label) throws IOException {
        putKeyFile(backend, KeyFile.wrap(key, config.id(), "passphrase", passphrase, kdf, label));
    }

    /**
     * Lets partners serve this repository to the holder of {@code recoveryCode} (repositories made before recovery
     * existed have no {@code recoveryKey} in their config). The code must open one of the repository's key files.
     */
    public void enableRecovery(String recoveryCode) throws IOException {
        Repository check = open(backend, "recovery", recoveryCode); // wrong code: WRONG_KEY, and nothing written
        Model.Config updated = check.config.withRecoveryKey(RecoveryAccess.fromCode(recoveryCode).publicKey());
        backend.put(BlobType.CONFIG, "config", JSON.writeValueAsBytes(updated));
        config = updated;
    }

    private static void putKeyFile(Backend backend, byte[] file) throws IOException {
        backend.put(BlobType.KEYS, Crypto.hex(Crypto.sha256(file)), file);
    }

    /** Opens with the owner's passphrase ({@code kind} "passphrase") or the recovery code ({@code kind} "recovery"). */
    public static Repository open(Backend backend, String kind, String secret) throws IOException {
        Model.Config config = readConfig(backend);
        if (secret == null || secret.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "no " + kind + " given");
        List<String> damaged = new ArrayList<>();
        for (String name : backend.list(BlobType.KEYS)) {
            byte[] file = backend.get(BlobType.KEYS, name);
            if (!name.equals(Crypto.hex(Crypto.sha256(file)))) {
                damaged.add(name); // another key file may still open the repository
                continue;
            }
            var key = KeyFile.unwrap(file, config.id(), kind, secret);
            if (key.isPresent()) {
                if (!config.verifyKey().equals(Base64.getEncoder().encodeToString(key.get().verifyKey())))
                    throw BackupException.integrity("the config's verify key is not this repository's: config was replaced");
                return new Repository(backend, config, key.get());
            }
        }
        if (!damaged.isEmpty())
            throw BackupException.integrity("key file " + shortId(damaged.get(0)) + " does not match its name (corrupted or tampered with)"
                    + " and no intact key file opens with this " + kind);
        throw new BackupException(BackupException.Kind.WRONG_KEY,
                "recovery".equals(kind) ? "wrong recovery code: no key file of this repository opens with it"
                        : "wrong passphrase: no key file of this repository opens with it");
    }

    public static Model.Config readConfig(Backend backend) throws IOException {
        try {
            Model.Config c = JSON.readValue(backend.get(BlobType.CONFIG, "config"), Model.Config.class);
            if (c.version() != 1) throw BackupException.failed("repository format version " + c.version() + " is not supported (this client reads 1)");
            // config is not encrypted: whoever stores it could change it, so its numbers are bounded before use
            if (c.chunkMax() > 64 * 1024 * 1024 || c.packTarget() < 1024 || c.packTarget() > 256 * 1024 * 1024)
                throw BackupException.integrity("config asks for chunks over 64 MiB or packs outside 1 KiB..256 MiB: not a sane repository");
            try {
                new Chunker.Sizes(c.chunkMin(), c.chunkAvg(), c.chunkMax());
            } catch (IllegalArgumentException e) {
                throw BackupException.integrity("config has bad chunk sizes: " + e.getMessage());
            }
            return c;
        } catch (NoSuchFileException e) {
            throw BackupException.failed("no repository there (no config file); run init first");
        }
    }

    public Backend backend() {
        return backend;
    }

    public Model.Config config() {
        return config;
    }

    public MasterKey key() {
        return key;
    }

    public Chunker.Sizes chunkSizes() {
        return new Chunker.Sizes(config.chunkMin(), config.chunkAvg(), config.chunkMax());
    }

    // ---- the envelope: MAGIC | type | body | Ed25519 signature; name = hex SHA-256 of everything before the signature

    byte[] envelope(BlobType type, byte[] body, int bodyLen) {
        byte[] out = new byte[MAGIC.length + 1 + bodyLen + SIG];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = (byte) type.code;
        System.arraycopy(body, 0, out, MAGIC.length + 1, bodyLen);
        return out;
    }

    /** Fills in the signature of an envelope and returns its name. */
    String sign(BlobType type, byte[] file) {
        byte[] hash = Crypto.sha256(file, 0, file.length - SIG);
        System.arraycopy(key.signBlob(type, hash), 0, file, file.length - SIG, SIG);
        return Crypto.hex(hash);
    }

    /**
     * Checks a stored blob without decrypting it: its name is the hash of its content, its header says its type,
     * and its signature verifies under {@code verifyKey}. This is all a partner with the verify capability can do.
     */
    public static void checkEnvelope(byte[] verifyKey, BlobType type, String name, byte[] file) {
        String what = type.dir + "/" + name;
        if (file.length < MAGIC.length + 1 + SIG)
            throw BackupException.integrity(what + ": too short to be a blob (" + file.length + " bytes): corrupted or truncated");
        byte[] hash = Crypto.sha256(file, 0, file.length - SIG);
        if (!Crypto.hex(hash).equals(name))
            throw BackupException.integrity(what + ": content does not match its name (SHA-256 differs): corrupted or tampered with");
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length) || file[MAGIC.length] != (byte) type.code)
            throw BackupException.integrity(what + ": not a " + type.dir + " blob of format 1");
        if (!MasterKey.verifyBlob(verifyKey, type, hash, file, file.length - SIG))
            throw BackupException.integrity(what + ": signature does not verify: not written by a holder of this repository's key");
    }

    // ---- encrypted JSON documents (index, snapshots, locks), padded with Padmé

    public String putDoc(BlobType type, Object doc) throws IOException {
        byte[] json = JSON.writeValueAsBytes(doc);
        int padded = (int) Crypto.padme(4L + json.length);
        byte[] plain = new byte[padded];
        ByteBuffer.wrap(plain).putInt(json.length).put(json);
        byte[] sealed = Crypto.seal(key.enc(), plain, aad(type));
        byte[] file = envelope(type, sealed, sealed.length);
        String name = sign(type, file);
        backend.put(type, name, file);
        return name;
    }

    public <T> T getDoc(BlobType type, String name, Class<T> cls) throws IOException {
        return getDoc(type, name).as(cls);
    }

    /** A decrypted document, to be read as one or more types (a snapshot's head, then all of it) without decrypting twice. */
    public record Doc(byte[] plain, int len) {
        public <T> T as(Class<T> cls) throws IOException {
            return JSON.readValue(plain, 4, len, cls);
        }
    }

    public Doc getDoc(BlobType type, String name) throws IOException {
        byte[] file = backend.get(type, name);
        checkSigned(type, name, file);
        try {
            byte[] plain = openAnyGeneration(file, MAGIC.length + 1, file.length - MAGIC.length - 1 - SIG, aad(type));
            int len = ByteBuffer.wrap(plain).getInt();
            if (len < 0 || len > plain.length - 4) throw BackupException.integrity(type.dir + "/" + name + ": bad length");
            return new Doc(plain, len);
        } catch (AEADBadTagException e) {
            throw BackupException.integrity(type.dir + "/" + name + ": does not decrypt (authentication failed): corrupted or tampered with");
        }
    }

    /**
     * {@link #checkEnvelope} under this key's verify key or, for blobs written before a re-key, an earlier
     * generation's. Fails with the newest generation's complaint when none verifies.
     */
    public void checkSigned(BlobType type, String name, byte[] file) {
        BackupException first = null;
        for (MasterKey g : key.generations()) {
            try {
                checkEnvelope(g == key ? verifyKey : g.verifyKey(), type, name, file);
            } catch (BackupException e) {
                if (first == null) first = e;
                continue;
            }
            if (g != key && (type == BlobType.INDEX || type == BlobType.SNAPSHOT) && !key.trustedOld().contains(type.dir + "/" + name))
                throw BackupException.integrity(type.dir + "/" + name + ": signed with a key from before the last re-key but not among the"
                        + " blobs that re-key kept: written later by someone holding an old key (a removed member?)");
            return;
        }
        throw first;
    }

    /** Decrypts with the newest key generation that authenticates the ciphertext (a re-keyed group repository has several). */
    private byte[] openAnyGeneration(byte[] sealed, int off, int len, byte[] aad) throws AEADBadTagException {
        AEADBadTagException first = null;
        for (MasterKey g : key.generations()) {
            try {
                return Crypto.open(g.enc(), sealed, off, len, aad);
            } catch (AEADBadTagException e) {
                if (first == null) first = e;
            }
        }
        throw first;
    }

    private static byte[] aad(BlobType type) {
        return new byte[] {MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], (byte) type.code};
    }

    // ---- chunks

    /** Decrypts one chunk read from a pack and checks it is the chunk {@code id} names. */
    public byte[] openChunk(String id, Model.Location loc, byte[] sealed) {
        byte[] plain;
        try {
            plain = openAnyGeneration(sealed, 0, sealed.length, null);
        } catch (AEADBadTagException e) {
            throw BackupException.integrity("chunk " + shortId(id) + " in pack " + shortId(loc.pack()) + " at offset " + loc.offset()
                    + " does not decrypt (authentication failed): the pack is corrupted or was tampered with");
        }
        if (plain.length != loc.rawLength() || !isChunkId(id, plain))
            throw BackupException.integrity("chunk " + shortId(id) + " in pack " + shortId(loc.pack()) + " is not the chunk the index names");
        return plain;
    }

    /** A chunk id is the HMAC of its plaintext under some generation's id key (prune copies old chunks as they are). */
    private boolean isChunkId(String id, byte[] plain) {
        for (MasterKey g : key.generations()) {
            if (Crypto.hex(g.chunkId(plain, 0, plain.length)).equals(id)) return true;
        }
        return false;
    }

    public byte[] readChunk(String id, Model.Location loc) throws IOException {
        return openChunk(id, loc, backend.getRange(BlobType.PACK, loc.pack(), loc.offset(), loc.length()));
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    // ---- packs

    /**
     * Collects encrypted chunks into write-once packs of about {@code packTarget} bytes:
     * {@code MAGIC | type | chunk ciphertexts | sealed header | u32 header length | signature}, the header (chunk id,
     * offset, lengths, then zero padding) sealed so a pack's content can't be counted, and padded so the whole file
     * has a Padmé size. Hashing, signing and uploading a full pack run on one background thread while the caller
     * goes on chunking (at most one upload in flight); {@link #drain} waits for it, so an index never names a pack
     * that is not stored yet. Close it to stop the thread.
     */
    public final class PackWriter implements AutoCloseable {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<Model.IndexEntry> entries = new ArrayList<>();
        private final List<Model.IndexPack> written = new ArrayList<>();
        private final ExecutorService uploader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lightweb-backup-upload");
            t.setDaemon(true);
            return t;
        });
        private Future<Model.IndexPack> inFlight;
        private long uploadedBytes;
        private long packs;

        /** Adds a chunk; returns true if that filled a pack, which went to upload. */
        public boolean add(String id, byte[] plain, int off, int len) throws IOException {
            byte[] sealed = Crypto.seal(key.enc(), plain, off, len, null);
            entries.add(new Model.IndexEntry(id, MAGIC.length + 1 + body.size(), sealed.length, len));
            body.write(sealed);
            if (body.size() >= config.packTarget()) {
                flush();
                return true;
            }
            return false;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        /** Closes the current pack (if any) and starts its upload. */
        public void flush() throws IOException {
            if (entries.isEmpty()) return;
            int count = entries.size();
            int headerPlain = 4 + count * HEADER_ENTRY;
            long unpadded = MAGIC.length + 1L + body.size() + Crypto.OVERHEAD + headerPlain + 4 + SIG;
            int pad = (int) (Crypto.padme(unpadded) - unpadded);
            ByteBuffer header = ByteBuffer.allocate(headerPlain + pad);
            header.putInt(count);
            for (Model.IndexEntry e : entries) header.put(Crypto.unhex(e.id())).putLong(e.off()).putInt(e.len()).putInt(e.raw());
            byte[] sealedHeader = Crypto.seal(key.enc(), header.array(), aad(BlobType.PACK));
            body.write(sealedHeader);
            body.write(ByteBuffer.allocate(4).putInt(sealedHeader.length).array());
            byte[] file = envelope(BlobType.PACK, body.toByteArray(), body.size());
            List<Model.IndexEntry> packEntries = List.copyOf(entries);
            entries.clear();
            body.reset();
            await();
            inFlight = uploader.submit(() -> {
                String name = sign(BlobType.PACK, file);
                backend.put(BlobType.PACK, name, file);
                return new Model.IndexPack(name, packEntries);
            });
            uploadedBytes += file.length;
            packs++;
        }

        private void await() throws IOException {
            if (inFlight == null) return;
            try {
                written.add(inFlight.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while uploading a pack", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IOException("uploading a pack failed", e.getCause());
            } finally {
                inFlight = null;
            }
        }

        /** Packs stored since the last call (waiting for the one in flight), for the index. */
        public List<Model.IndexPack> drain() throws IOException {
            await();
            List<Model.IndexPack> out = List.copyOf(written);
            written.clear();
            return out;
        }

        public long uploadedBytes() {
            return uploadedBytes;
        }

        public long packs() {
            return packs;
        }

        @Override
        public void close() {
            uploader.shutdownNow();
        }
    }

    public PackWriter packWriter() {
        return new PackWriter();
    }

    /** The header of a pack, read from the full file after {@link #checkEnvelope}. */
    public List<Model.IndexEntry> readPackHeader(String name, byte[] file) {
        int end = file.length - SIG;
        if (end < MAGIC.length + 1 + 4) throw BackupException.integrity("pack " + shortId(name) + ": too short");
        int hlen = ByteBuffer.wrap(file, end - 4, 4).getInt();
        int hstart = end - 4 - hlen;
        if (hlen < Crypto.OVERHEAD + 4 || hstart < MAGIC.length + 1) throw BackupException.integrity("pack " + shortId(name) + ": bad header length");
        byte[] header;
        try {
            header = openAnyGeneration(file, hstart, hlen, aad(BlobType.PACK));
        } catch (AEADBadTagException e) {
            throw BackupException.integrity("pack " + shortId(name) + ": header does not decrypt: corrupted or tampered with");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int count = h.getInt();
        if (count < 0 || 4L + (long) count * HEADER_ENTRY > header.length) throw BackupException.integrity("pack " + shortId(name) + ": bad header");
        List<Model.IndexEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[32];
            h.get(id);
            long off = h.getLong();
            int len = h.getInt();
            int raw = h.getInt();
            if (off < MAGIC.length + 1 || off + len > hstart) throw BackupException.integrity("pack " + shortId(name) + ": entry outside the pack");
            out.add(new Model.IndexEntry(Crypto.hex(id), off, len, raw));
        }
        return out;
    }

    // ---- the index

    /** Everything the index blobs say: chunk id to location, and each pack's entries. */
    public record Index(Map<String, Model.Location> chunks, Map<String, List<Model.IndexEntry>> packs, List<String> blobs) {
        public boolean has(String chunkId) {
            return chunks.containsKey(chunkId);
        }
    }

    public Index loadIndex() throws IOException {
        Map<String, Model.Location> chunks = new HashMap<>();
        Map<String, List<Model.IndexEntry>> packs = new LinkedHashMap<>();
        List<String> names = backend.list(BlobType.INDEX);
        for (String name : names) {
            Model.IndexDoc doc = getDoc(BlobType.INDEX, name, Model.IndexDoc.class);
            for (Model.IndexPack p : doc.packs()) {
                packs.put(p.id(), p.blobs());
                for (Model.IndexEntry e : p.blobs()) chunks.putIfAbsent(e.id(), new Model.Location(p.id(), e.off(), e.len(), e.raw()));
            }
        }
        return new Index(chunks, packs, names);
    }

    // ---- locks

    /** A held lock; {@link #close} releases it. */
    public final class Lock implements AutoCloseable {
        private String name;
        private final boolean exclusive;
        private Instant written;

        private Lock(String name, boolean exclusive, Instant written) {
            this.name = name;
            this.exclusive = exclusive;
            this.written = written;
        }

        /** Rewrites the lock if it is older than a third of the stale time, so a long push keeps it. */
        public void refresh() throws IOException {
            if (Duration.between(written, Instant.now()).compareTo(STALE_LOCK.dividedBy(3)) < 0) return;
            Instant now = Instant.now();
            String fresh = putDoc(BlobType.LOCK, lockDoc(exclusive, now));
            backend.delete(BlobType.LOCK, name);
            name = fresh;
            written = now;
        }

        @Override
        public void close() throws IOException {
            backend.delete(BlobType.LOCK, name);
        }
    }

    /**
     * Takes a lock: shared (push, verify) or exclusive (forget, prune). Writes its lock and then looks again, so
     * two racing writers both see each other and both back off rather than both proceed.
     */
    public Lock lock(boolean exclusive) throws IOException {
        checkLocks(exclusive, null);
        if (!readConfig(backend).verifyKey().equals(config.verifyKey()))
            throw BackupException.failed("the repository was re-keyed (a group member removed) since it was opened: run the command again");
        Instant now = Instant.now();
        String name = putDoc(BlobType.LOCK, lockDoc(exclusive, now));
        try {
            checkLocks(exclusive, name);
        } catch (BackupException e) {
            backend.delete(BlobType.LOCK, name);
            throw e;
        }
        return new Lock(name, exclusive, now);
    }

    private void checkLocks(boolean exclusive, String own) throws IOException {
        for (String other : backend.list(BlobType.LOCK)) {
            if (other.equals(own)) continue;
            Model.LockDoc doc;
            try {
                doc = getDoc(BlobType.LOCK, other, Model.LockDoc.class);
            } catch (NoSuchFileException e) {
                continue; // released meanwhile
            }
            if (Instant.parse(doc.time()).plus(STALE_LOCK).isBefore(Instant.now())) continue;
            if (exclusive || doc.exclusive())
                throw new BackupException(BackupException.Kind.LOCKED, "the repository is locked " + (doc.exclusive() ? "exclusively " : "")
                        + "by " + doc.user() + "@" + doc.host() + " (pid " + doc.pid() + ") since " + doc.time()
                        + "; try again later (a lock older than " + STALE_LOCK.toMinutes() + " minutes is ignored)");
        }
    }

    private static Model.LockDoc lockDoc(boolean exclusive, Instant now) {
        return new Model.LockDoc(hostName(), ProcessHandle.current().pid(), System.getProperty("user.name", "?"), now.toString(), exclusive);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
