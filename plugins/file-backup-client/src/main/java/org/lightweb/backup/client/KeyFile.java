package org.lightweb.backup.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.AEADBadTagException;

/**
 * One way into a repository: the {@link MasterKey} wrapped (AES-256-GCM) by a key derived with Argon2id from a
 * passphrase or a recovery code. Stored as plaintext JSON under {@code keys/<sha256>}: kind, Argon2id parameters and
 * salt, the wrapped key. Several key files wrap the same master key: the owner's passphrase, the recovery code, and
 * (later) one per member of a group repository.
 */
public final class KeyFile {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

    private KeyFile() {
    }

    /** The JSON bytes of a new key file. */
    public static byte[] wrap(MasterKey key, String repoId, String kind, String secret, Crypto.KdfParams kdf, String label) {
        byte[] salt = Crypto.random(16);
        byte[] kek = Crypto.argon2id(Crypto.utf8(normalize(kind, secret)), salt, kdf);
        try {
            byte[] plain = JSON.writeValueAsBytes(key.toJson());
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("v", 1);
            file.put("kind", kind);
            file.put("label", label);
            file.put("created", Instant.now().toString());
            file.put("kdf", Map.of("alg", "argon2id", "memory_kib", kdf.memoryKiB(), "iterations", kdf.iterations(),
                    "parallelism", kdf.parallelism(), "salt", Base64.getEncoder().encodeToString(salt)));
            file.put("wrapped", Base64.getEncoder().encodeToString(Crypto.seal(kek, plain, aad(repoId))));
            return JSON.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The master key, or empty if {@code secret} does not open this key file (or it is not of {@code kind}). */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<MasterKey> unwrap(byte[] json, String repoId, String kind, String secret) {
        try {
            Map<String, Object> file = JSON.readValue(json, MAP);
            if (!kind.equals(file.get("kind"))) return java.util.Optional.empty();
            Map<String, Object> kdf = (Map<String, Object>) file.get("kdf");
            if (!"argon2id".equals(kdf.get("alg"))) return java.util.Optional.empty();
            Crypto.KdfParams p = new Crypto.KdfParams(((Number) kdf.get("memory_kib")).intValue(),
                    ((Number) kdf.get("iterations")).intValue(), ((Number) kdf.get("parallelism")).intValue());
            if (p.memoryKiB() > 4 * 1024 * 1024) throw BackupException.failed("key file asks for more than 4 GiB of Argon2id memory");
            byte[] kek = Crypto.argon2id(Crypto.utf8(normalize(kind, secret)), Base64.getDecoder().decode((String) kdf.get("salt")), p);
            byte[] plain = Crypto.open(kek, Base64.getDecoder().decode((String) file.get("wrapped")), aad(repoId));
            return java.util.Optional.of(MasterKey.fromJson(JSON.readValue(plain, MAP)));
        } catch (AEADBadTagException e) {
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (e instanceof BackupException be) throw be;
            throw BackupException.integrity("a key file is malformed: " + e.getMessage());
        }
    }

    /** 160 random bits as 8 groups of 4 characters, e.g. {@code K7QH-2M9D-...}; shown once, at init. */
    public static String newRecoveryCode() {
        byte[] r = Crypto.random(20);
        StringBuilder sb = new StringBuilder();
        long acc = 0;
        int bits = 0;
        int chars = 0;
        for (byte b : r) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                if (chars > 0 && chars % 4 == 0) sb.append('-');
                sb.append(ALPHABET.charAt((int) ((acc >> bits) & 31)));
                chars++;
            }
        }
        return sb.toString();
    }

    /** Recovery codes are typed by hand: case, spaces and dashes don't matter. */
    static String normalize(String kind, String secret) {
        if (!"recovery".equals(kind)) return secret;
        return secret.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static byte[] aad(String repoId) {
        return Crypto.utf8("lightweb-backup/v1 key " + repoId);
    }
}
