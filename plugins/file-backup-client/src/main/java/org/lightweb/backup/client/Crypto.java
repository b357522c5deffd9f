package org.lightweb.backup.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The primitives, in one place: AES-256-GCM with random 96-bit nonces (the JDK's, which uses AES-NI/CLMUL; a
 * repository key encrypts at most a few million blobs, far below GCM's random-nonce limit of 2^32), HMAC-SHA256,
 * SHA-256, Argon2id (Bouncy Castle) and Padmé padding.
 */
public final class Crypto {
    public static final int NONCE = 12;
    public static final int TAG = 16;
    /** Bytes an encryption adds: nonce and tag. */
    public static final int OVERHEAD = NONCE + TAG;
    public static final SecureRandom RANDOM = new SecureRandom();
    private static final int SLICE = 1024;
    private static final HexFormat HEX = HexFormat.of();

    private Crypto() {
    }

    public static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** nonce || ciphertext || tag. */
    public static byte[] seal(byte[] key, byte[] plaintext, int off, int len, byte[] aad) {
        try {
            byte[] nonce = random(NONCE);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
            if (aad != null) c.updateAAD(aad);
            byte[] out = new byte[NONCE + len + TAG];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            // Slices rather than one doFinal over megabytes: the JIT compiles the AES/GHASH intrinsics after a
            // number of calls, and one huge call stays in the slow interpreter path (20 MiB/s against GB/s).
            int o = NONCE;
            for (int p = 0; p < len; p += SLICE) o += c.update(plaintext, off + p, Math.min(SLICE, len - p), out, o);
            c.doFinal(out, o);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        return seal(key, plaintext, 0, plaintext.length, aad);
    }

    /**
     * Opens what {@link #seal} made; throws {@link AEADBadTagException} if a single bit differs.
     *
     * <p>Not through the JDK's GCM decryption: it holds all the ciphertext back until {@code doFinal} (it must not
     * release unauthenticated plaintext) and then runs GHASH in one call per blob, which the JIT never compiles to
     * its intrinsic: 30-50 MiB/s for 1 MiB chunks, against GB/s for {@link #seal}'s slices. Instead this decrypts
     * with AES-CTR from GCM's first data counter ({@code nonce | 00000002}) in slices, then GCM-encrypts the
     * plaintext again under the same key and nonce: that gives back the same ciphertext, so its tag is the one the
     * stored ciphertext (with {@code aad}) must carry. The tags are compared in constant time and the plaintext is
     * wiped and never returned when they differ: the same check as GCM decryption, at twice the AES work.
     */
    public static byte[] open(byte[] key, byte[] sealed, int off, int len, byte[] aad) throws AEADBadTagException {
        if (len < OVERHEAD) throw new AEADBadTagException("ciphertext shorter than nonce and tag");
        int n = len - OVERHEAD;
        try {
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            byte[] counter = new byte[16];
            System.arraycopy(sealed, off, counter, 0, NONCE);
            counter[15] = 2; // inc32(J0) for a 96-bit nonce; n < 2^31 bytes never carries out of the low 32 bits
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(counter));
            byte[] out = new byte[n];
            int o = 0;
            for (int p = 0; p < n; p += SLICE) o += ctr.update(sealed, off + NONCE + p, Math.min(SLICE, n - p), out, o);
            ctr.doFinal(out, o);

            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG * 8, sealed, off, NONCE));
            if (aad != null) gcm.updateAAD(aad);
            byte[] scratch = new byte[SLICE + 2 * TAG];
            for (int p = 0; p < n; p += SLICE) gcm.update(out, p, Math.min(SLICE, n - p), scratch, 0);
            int last = gcm.doFinal(scratch, 0);
            if (!MessageDigest.isEqual(Arrays.copyOfRange(scratch, last - TAG, last), Arrays.copyOfRange(sealed, off + len - TAG, off + len))) {
                Arrays.fill(out, (byte) 0);
                throw new AEADBadTagException("Tag mismatch");
            }
            return out;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        return open(key, sealed, 0, sealed.length, aad);
    }

    public static byte[] hmac(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    public static byte[] sha256(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, len);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /** Argon2id, 32-byte output. */
    public static byte[] argon2id(byte[] secret, byte[] salt, KdfParams p) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[32];
        gen.generateBytes(secret, out);
        return out;
    }

    /**
     * Padmé (Nikitin et al., "Reducing metadata leakage from encrypted files and communication with PURBs", 2019):
     * rounds a length up so that only O(log log L) bits of it show, for at most 12% overhead.
     */
    public static long padme(long len) {
        if (len < 2) return len;
        int e = 63 - Long.numberOfLeadingZeros(len);
        int s = 32 - Integer.numberOfLeadingZeros(e);
        int lastBits = e - s;
        long mask = (1L << lastBits) - 1;
        return (len + mask) & ~mask;
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    public static byte[] unhex(String s) {
        return HEX.parseHex(s);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Argon2id cost, stored in each key file so it can be raised later without breaking old keys. */
    public record KdfParams(int memoryKiB, int iterations, int parallelism) {
        /** 64 MiB, 3 passes, 1 lane: OWASP's second recommended setting, about a second in pure Java. */
        public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 3, 1);

        public KdfParams {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1)
                throw new BackupException(BackupException.Kind.USAGE, "Argon2id needs memory >= 8 KiB per lane, iterations >= 1, parallelism >= 1");
        }
    }
}
