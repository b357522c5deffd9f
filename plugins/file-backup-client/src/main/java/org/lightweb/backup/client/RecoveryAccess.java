package org.lightweb.backup.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The right to read a repository's replicas at a partner node once the home node is gone, derived from the recovery
 * code made at {@code init}: an Ed25519 key pair whose seed is HKDF-SHA256 of the normalised code (info
 * {@code "lightweb-backup/v1 recovery access"}). Its public half is in the repository's plaintext {@code config}
 * ({@code recoveryKey}), which partners hold like every other blob; a request to a partner's recovery routes is signed
 * with the private half. It is a third capability beside the master key (decrypts) and the verify key (checks): it
 * only reads ciphertext a partner already holds, so whoever has the recovery code but not the passphrase gets no
 * more than the recovery code gives anyway.
 */
public final class RecoveryAccess {
    static final String SCHEME = "LightwebRecovery";
    private static final byte[] INFO = Crypto.utf8("lightweb-backup/v1 recovery access");

    private final Ed25519PrivateKeyParameters key;

    private RecoveryAccess(Ed25519PrivateKeyParameters key) {
        this.key = key;
    }

    public static RecoveryAccess fromCode(String recoveryCode) {
        byte[] ikm = Crypto.utf8(KeyFile.normalize("recovery", recoveryCode));
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, null, INFO));
        byte[] seed = new byte[32];
        hkdf.generateBytes(seed, 0, seed.length);
        return new RecoveryAccess(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** The public key, base64, as {@code config} carries it. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
    }

    /**
     * The {@code Authorization} header for one request: {@code LightwebRecovery ts=<ms>,sig=<base64>}, the signature
     * over {@code "lightweb-backup/v1 recovery\n" + METHOD + "\n" + path + "\n" + ts} (the path as the partner decodes
     * it). A partner accepts it within its {@code recovery_clock_skew} of {@code ts}.
     */
    public String authorization(String method, String path, long nowMillis) {
        byte[] msg = message(method, path, nowMillis);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(msg, 0, msg.length);
        return SCHEME + " ts=" + nowMillis + ",sig=" + Base64.getEncoder().encodeToString(s.generateSignature());
    }

    static byte[] message(String method, String path, long ts) {
        return ("lightweb-backup/v1 recovery\n" + method + "\n" + path + "\n" + ts).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The pseudonym a member's repositories have at partners: the first 32 hex digits of SHA-256 over
     * {@code "file-backup:" + userId} (the plugin's {@code Replication.owner}).
     */
    public static String pseudonym(String userId) {
        return Crypto.hex(Crypto.sha256(Crypto.utf8("file-backup:" + userId))).substring(0, 32);
    }
}
