package org.lightweb.backup.client;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A group repository's key file for one member ({@code kind: member}): the {@link MasterKey} sealed to the member's
 * {@link Identity} key, ECIES-style. A fresh ephemeral X25519 key pair per file; the wrapping key is
 * HKDF-SHA256(ikm = X25519(ephemeral, member), salt = ephemeral public | member public, info =
 * "lightweb-backup/v1 member key"); AES-256-GCM with the AAD "lightweb-backup/v1 member " + repository id + " " +
 * user id, so a key file can't be moved to another repository or passed off as another member's. Plaintext JSON
 * besides the wrapped key: kind, user, the member's public key (so a re-key can wrap for the remaining members
 * without asking the node again), the ephemeral public key.
 */
public final class MemberKeyFile {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final byte[] INFO = Crypto.utf8("lightweb-backup/v1 member key");

    private MemberKeyFile() {
    }

    /** What a member key file says in the clear. */
    public record Info(String user, byte[] identityKey, String created) {
        public String fingerprint() {
            return Identity.fingerprint(identityKey);
        }
    }

    public static byte[] wrap(MasterKey key, String repoId, String userId, byte[] memberPublic) {
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(Crypto.RANDOM);
        byte[] ephPublic = eph.generatePublicKey().getEncoded();
        byte[] kek = kek(Identity.agree(eph, memberPublic), ephPublic, memberPublic);
        try {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("v", 1);
            file.put("kind", "member");
            file.put("label", userId);
            file.put("user", userId);
            file.put("created", Instant.now().toString());
            file.put("identity", Base64.getEncoder().encodeToString(memberPublic));
            file.put("ephemeral", Base64.getEncoder().encodeToString(ephPublic));
            file.put("wrapped", Base64.getEncoder().encodeToString(
                    Crypto.seal(kek, KeyFile.JSON.writeValueAsBytes(key.toJson()), aad(repoId, userId))));
            return KeyFile.JSON.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext part of a member key file, or empty when it is another kind of key file. */
    public static Optional<Info> info(byte[] json) {
        try {
            Map<String, Object> file = KeyFile.JSON.readValue(json, MAP);
            if (!"member".equals(file.get("kind"))) return Optional.empty();
            return Optional.of(new Info((String) file.get("user"), Base64.getDecoder().decode((String) file.get("identity")),
                    (String) file.get("created")));
        } catch (IOException | RuntimeException e) {
            throw BackupException.integrity("a key file is malformed: " + e.getMessage());
        }
    }

    /** The master key, or empty when this is not {@code userId}'s key file for {@code me}. */
    public static Optional<MasterKey> unwrap(byte[] json, String repoId, String userId, Identity me) {
        try {
            Map<String, Object> file = KeyFile.JSON.readValue(json, MAP);
            if (!"member".equals(file.get("kind")) || !userId.equals(file.get("user"))) return Optional.empty();
            byte[] memberPublic = Base64.getDecoder().decode((String) file.get("identity"));
            if (!Arrays.equals(memberPublic, me.publicKey())) return Optional.empty();
            byte[] ephPublic = Base64.getDecoder().decode((String) file.get("ephemeral"));
            byte[] kek = kek(me.agree(ephPublic), ephPublic, memberPublic);
            byte[] plain = Crypto.open(kek, Base64.getDecoder().decode((String) file.get("wrapped")), aad(repoId, userId));
            return Optional.of(MasterKey.fromJson(KeyFile.JSON.readValue(plain, MAP)));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (e instanceof BackupException be) throw be;
            throw BackupException.integrity("a member key file is malformed: " + e.getMessage());
        }
    }

    private static byte[] kek(byte[] shared, byte[] ephPublic, byte[] memberPublic) {
        byte[] salt = new byte[64];
        System.arraycopy(ephPublic, 0, salt, 0, 32);
        System.arraycopy(memberPublic, 0, salt, 32, 32);
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        h.init(new HKDFParameters(shared, salt, INFO));
        byte[] out = new byte[32];
        h.generateBytes(out, 0, 32);
        return out;
    }

    private static byte[] aad(String repoId, String userId) {
        return Crypto.utf8("lightweb-backup/v1 member " + repoId + " " + userId);
    }
}
