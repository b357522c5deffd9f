package org.lightweb.plugin.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The backup client's naming rule (plugins/file-backup-client README, "Repository layout"), checked on upload so the
 * store only ever holds blobs whose name is their hash: {@code config} is the one fixed name; a key file is named by
 * the SHA-256 of all of it; packs, index files, snapshots and locks by the SHA-256 of everything before their 64-byte
 * Ed25519 signature. The node checks hashes only: it has no key and reads nothing inside.
 */
final class BlobNames {
    static final int SIGNATURE = 64;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    /** URL segment (the client's directory names) to what is stored in blob_type. */
    static final Map<String, String> TYPES = Map.of("config", "config", "keys", "keys", "data", "data", "index", "index",
            "snapshots", "snapshots", "locks", "locks");

    private BlobNames() {}

    static boolean validRepo(String repo) {
        return repo != null && REPO.matcher(repo).matches();
    }

    static boolean validName(String type, String name) {
        if (name == null) return false;
        return type.equals("config") ? name.equals("config") : HASH.matcher(name).matches();
    }

    /** Why the content does not match its name, or null when it does. */
    static String mismatch(String type, String name, byte[] content) {
        switch (type) {
            case "config":
                return null; // fixed name, not a hash; the client bounds what it reads from it
            case "keys":
                return hex(sha256(content, content.length)).equals(name) ? null : "the SHA-256 of the content is not the blob's name";
            default:
                if (content.length <= SIGNATURE) return "a " + type + " blob must be longer than its 64-byte signature";
                return hex(sha256(content, content.length - SIGNATURE)).equals(name) ? null
                        : "the SHA-256 of the content before its signature is not the blob's name";
        }
    }

    static byte[] sha256(byte[] data, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
