package org.lightweb.server.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lightweb.core.Secrets;

/**
 * Synapse's shared-secret registration, byte for byte: a one-time nonce, then an HMAC-SHA1 keyed with the
 * shared secret over {@code nonce \0 username \0 password \0 admin|notadmin [\0 user_type]}
 * (synapse/rest/admin/users.py, UserRegisterServlet).
 */
public final class SharedSecretRegistration {
    private final byte[] secret;
    private final Cache<String, Boolean> nonces;

    public SharedSecretRegistration(String secret, Duration nonceLifetime) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.nonces = Caffeine.newBuilder().expireAfterWrite(nonceLifetime).maximumSize(10_000).build();
    }

    public String newNonce() {
        String nonce = Secrets.randomString(32);
        nonces.put(nonce, Boolean.TRUE);
        return nonce;
    }

    /** Spends the nonce: true if it was issued here, unexpired and unused. */
    public boolean consumeNonce(String nonce) {
        return nonces.asMap().remove(nonce) != null;
    }

    public boolean macMatches(String nonce, String username, String password, boolean admin, String userType, String macHex) {
        byte[] expected = mac(secret, nonce, username, password, admin, userType);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(macHex.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** The MAC as Synapse's register_new_matrix_user computes it. */
    public static byte[] mac(byte[] secret, String nonce, String username, String password, boolean admin, String userType) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update((admin ? "admin" : "notadmin").getBytes(StandardCharsets.UTF_8));
            if (userType != null) {
                mac.update((byte) 0);
                mac.update(userType.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
