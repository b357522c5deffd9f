package org.lightweb.federation.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.lightweb.core.Secrets;

/**
 * A server's Ed25519 signing key. Stored in the one-line format Synapse uses
 * ({@code ed25519 <version> <unpadded base64 seed>}), so keys can move between the two servers.
 */
public final class SigningKey {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_]+");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final String version;
    private final Ed25519PrivateKeyParameters privateKey;

    private SigningKey(String version, Ed25519PrivateKeyParameters privateKey) {
        this.version = version;
        this.privateKey = privateKey;
    }

    /** A fresh key with a random version such as {@code a_Xy12}. */
    public static SigningKey generate() {
        return new SigningKey("a_" + Secrets.randomString(4), new Ed25519PrivateKeyParameters(new java.security.SecureRandom()));
    }

    /** Parses one line of a signing key file. */
    public static SigningKey parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].equals("ed25519") || !VERSION.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("expected 'ed25519 <version> <base64 seed>'");
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(padded(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key seed is not base64");
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("the key seed must be 32 bytes");
        }
        return new SigningKey(parts[1], new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** Reads the key at {@code path}, creating it (owner-only permissions) if the file does not exist. */
    public static SigningKey loadOrCreate(Path path) throws IOException {
        if (Files.exists(path)) return parse(Files.readString(path));
        SigningKey key = generate();
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, key.serialize() + "\n");
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing more we can do
        }
        return key;
    }

    public String serialize() { return "ed25519 " + version + " " + B64.encodeToString(privateKey.getEncoded()); }

    /** The key id, e.g. {@code ed25519:a_Xy12}. */
    public String keyId() { return "ed25519:" + version; }

    public String version() { return version; }

    public byte[] publicKey() { return privateKey.generatePublicKey().getEncoded(); }

    /** The public key as unpadded base64, as published in {@code verify_keys}. */
    public String publicKeyBase64() { return B64.encodeToString(publicKey()); }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature.length != 64) return false;
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKeyParameters(publicKey));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /**
     * A key's parameters hold its decoded curve point, which costs a tenth of a verification to decode: a join checks
     * thousands of events signed by the same few keys.
     */
    private static Ed25519PublicKeyParameters publicKeyParameters(byte[] publicKey) {
        return DECODED.get(new String(publicKey, java.nio.charset.StandardCharsets.ISO_8859_1),
                k -> new Ed25519PublicKeyParameters(publicKey, 0));
    }

    private static final com.github.benmanes.caffeine.cache.Cache<String, Ed25519PublicKeyParameters> DECODED =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1_024).build();

    private static String padded(String b64) {
        int rem = b64.length() % 4;
        return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
    }
}
