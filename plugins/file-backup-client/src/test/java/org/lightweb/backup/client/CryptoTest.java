package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link Crypto#open} decrypts with AES-CTR and re-derives the GCM tag; it must accept and refuse exactly what GCM does. */
class CryptoTest {
    private static final byte[] KEY = Crypto.random(32);
    private static final byte[] AAD = {'L', 'W', 'B', '1', 2};

    @Test
    void openShouldReturnThePlaintextWhenSealedByTheJdkGcmAtAnyLength() throws Exception {
        for (int n : new int[] {0, 1, 15, 16, 17, 1023, 1024, 1025, 4096, 100_003, (1 << 20) + 7}) {
            byte[] plain = Crypto.random(n);
            // the reference: one JDK GCM encryption, no slicing
            byte[] nonce = Crypto.random(Crypto.NONCE);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(AAD);
            byte[] ct = c.doFinal(plain);
            byte[] sealed = new byte[Crypto.NONCE + ct.length + 3];
            System.arraycopy(nonce, 0, sealed, 3, Crypto.NONCE);
            System.arraycopy(ct, 0, sealed, 3 + Crypto.NONCE, ct.length);
            assertThat(Crypto.open(KEY, sealed, 3, Crypto.NONCE + ct.length, AAD)).as("length " + n).isEqualTo(plain);
            assertThat(Crypto.open(KEY, Crypto.seal(KEY, plain, AAD), AAD)).as("length " + n).isEqualTo(plain);
            assertThat(Crypto.open(KEY, Crypto.seal(KEY, plain, null), null)).as("length " + n).isEqualTo(plain);
        }
    }

    @Test
    void openShouldRefuseWhenAnyByteNonceCiphertextOrTagIsFlipped() {
        byte[] sealed = Crypto.seal(KEY, Crypto.random(5000), AAD);
        for (int at : new int[] {0, 11, 12, 13, 2500, sealed.length - 17, sealed.length - 16, sealed.length - 1}) {
            byte[] bad = Arrays.copyOf(sealed, sealed.length);
            bad[at] ^= 0x01;
            assertThatThrownBy(() -> Crypto.open(KEY, bad, AAD)).as("flipped byte " + at).isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void openShouldRefuseWhenTheAadOrKeyDiffersOrTheInputIsTruncated() {
        byte[] sealed = Crypto.seal(KEY, Crypto.random(3000), AAD);
        assertThatThrownBy(() -> Crypto.open(KEY, sealed, new byte[] {'L', 'W', 'B', '1', 3})).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Crypto.open(KEY, sealed, null)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Crypto.open(Crypto.random(32), sealed, AAD)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Crypto.open(KEY, Arrays.copyOf(sealed, sealed.length - 1), AAD)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Crypto.open(KEY, Arrays.copyOf(sealed, 27), AAD)).isInstanceOf(AEADBadTagException.class);
    }
}
