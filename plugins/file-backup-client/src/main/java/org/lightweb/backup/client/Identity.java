package org.lightweb.backup.client;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A member's identity key for group repositories: an X25519 key pair. The public half is published through the node
 * ({@code PUT /identity}) so that other members can wrap a group repository's key for it ({@link MemberKeyFile}); the
 * private half never leaves the member's device, and is kept in the identity file ({@code identity.json} beside the
 * login state) wrapped by AES-256-GCM under Argon2id of the member's passphrase, as key files are.
 *
 * <p>The node relays public keys and could substitute its own: members compare {@link #fingerprint}s out of band
 * (read aloud, or in an end-to-end encrypted chat) before trusting an added member's key.
 */
public final class Identity {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final X25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private Identity(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    public static Identity generate() {
        return new Identity(new X25519PrivateKeyParameters(Crypto.RANDOM));
    }

    /** 32 bytes of X25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** X25519 of this private key and another's public key; refuses a low-order public key (an all-zero result). */
    byte[] agree(byte[] otherPublic) {
        return agree(privateKey, otherPublic);
    }

    static byte[] agree(X25519PrivateKeyParameters priv, byte[] otherPublic) {
        if (otherPublic == null || otherPublic.length != 32) throw BackupException.integrity("an identity key is 32 bytes");
        X25519Agreement a = new X25519Agreement();
        a.init(priv);
        byte[] shared = new byte[32];
        try {
            a.calculateAgreement(new X25519PublicKeyParameters(otherPublic, 0), shared, 0);
        } catch (IllegalStateException e) {
            throw BackupException.integrity("an identity key is a low-order point: not a usable key");
        }
        return shared;
    }

    /**
     * What members compare out of band: the first 80 bits of SHA-256("lightweb-backup identity" | public key) as five
     * groups of four hex digits.
     */
    public static String fingerprint(byte[] publicKey) {
        byte[] in = new byte[24 + publicKey.length];
        System.arraycopy(Crypto.utf8("lightweb-backup identity"), 0, in, 0, 24);
        System.arraycopy(publicKey, 0, in, 24, publicKey.length);
        String hex = Crypto.hex(Crypto.sha256(in)).substring(0, 20);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) b.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        return b.toString();
    }

    public String fingerprint() {
        return fingerprint(publicKey);
    }

    /** Writes the identity file (mode 0600): the public key in the clear, the private key wrapped by the passphrase. */
    public void save(Path file, String userId, String passphrase, Crypto.KdfParams kdf) throws IOException {
        if (passphrase == null || passphrase.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "the passphrase must not be empty");
        byte[] salt = Crypto.random(16);
        byte[] kek = Crypto.argon2id(Crypto.utf8(passphrase), salt, kdf);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("v", 1);
        doc.put("kind", "identity");
        doc.put("user", userId);
        doc.put("algorithm", "x25519");
        doc.put("public_key", Base64.getEncoder().encodeToString(publicKey));
        doc.put("created", Instant.now().toString());
        doc.put("kdf", Map.of("alg", "argon2id", "memory_kib", kdf.memoryKiB(), "iterations", kdf.iterations(),
                "parallelism", kdf.parallelism(), "salt", Base64.getEncoder().encodeToString(salt)));
        doc.put("wrapped", Base64.getEncoder().encodeToString(Crypto.seal(kek, privateKey.getEncoded(), aad(userId))));
        PrivateFiles.write(file, KeyFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    }

    /** The public key in an identity file, without the passphrase. */
    public static byte[] readPublic(Path file) throws IOException {
        return Base64.getDecoder().decode((String) read(file).get("public_key"));
    }

    /** Opens the identity file with the passphrase; a wrong one is {@link BackupException.Kind#WRONG_KEY} (exit 3). */
    @SuppressWarnings("unchecked")
    public static Identity load(Path file, String userId, String passphrase) throws IOException {
        Map<String, Object> doc = read(file);
        if (userId != null && !userId.equals(doc.get("user")))
            throw BackupException.failed("the identity file " + file + " is " + doc.get("user") + "'s, not " + userId + "'s");
        try {
            Map<String, Object> kdf = (Map<String, Object>) doc.get("kdf");
            Crypto.KdfParams p = new Crypto.KdfParams(((Number) kdf.get("memory_kib")).intValue(),
                    ((Number) kdf.get("iterations")).intValue(), ((Number) kdf.get("parallelism")).intValue());
            if (p.memoryKiB() > 4 * 1024 * 1024) throw BackupException.failed("identity file asks for more than 4 GiB of Argon2id memory");
            byte[] kek = Crypto.argon2id(Crypto.utf8(passphrase), Base64.getDecoder().decode((String) kdf.get("salt")), p);
            byte[] priv = Crypto.open(kek, Base64.getDecoder().decode((String) doc.get("wrapped")), aad((String) doc.get("user")));
            Identity id = new Identity(new X25519PrivateKeyParameters(priv, 0));
            if (!Base64.getEncoder().encodeToString(id.publicKey).equals(doc.get("public_key")))
                throw BackupException.integrity("the identity file's public key is not its private key's");
            return id;
        } catch (AEADBadTagException e) {
            throw new BackupException(BackupException.Kind.WRONG_KEY, "wrong passphrase: the identity file " + file + " does not open with it");
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw BackupException.integrity("the identity file " + file + " is malformed: " + e.getMessage());
        }
    }

    private static Map<String, Object> read(Path file) throws IOException {
        if (!Files.isRegularFile(file))
            throw BackupException.failed("no identity key at " + file + ": run 'group identity' first (it makes one and publishes it)");
        return KeyFile.JSON.readValue(file.toFile(), MAP);
    }

    private static byte[] aad(String userId) {
        return Crypto.utf8("lightweb-backup/v1 identity " + userId);
    }
}
