package org.lightweb.backup.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A repository's secrets, made at {@code init} and only ever stored wrapped (see {@link KeyFile}):
 * <ul>
 *   <li>{@code enc}: AES-256-GCM key for every chunk, pack header, index, snapshot and lock;</li>
 *   <li>{@code id}: HMAC-SHA256 key for chunk ids, so an id says nothing about the plaintext;</li>
 *   <li>{@code gear}: seed of the chunker's gear table, so boundaries differ per repository;</li>
 *   <li>{@code sign}: Ed25519 private key that signs every stored blob. Its public half is the <em>verify
 *       capability</em>: a node or partner holding it can check that a blob is whole and was written by a key
 *       holder, and learns nothing it could decrypt with.</li>
 * </ul>
 * {@code previous} holds the earlier <em>generations</em> of a group repository's key, newest first: a re-key
 * (a member removed, {@link GroupRepository#remove}) writes with a fresh generation and keeps the old ones only to
 * read what was written under them. {@code trustedOld} names the index and snapshot blobs ({@code index/<name>},
 * {@code snapshots/<name>}) that existed at the re-key: only those are accepted under an old generation's signature,
 * so a removed member, who still knows the old keys, can't slip in an index or snapshot later. Both empty for a
 * repository never re-keyed (the key JSON is then as before).
 */
public record MasterKey(byte[] enc, byte[] id, byte[] gear, byte[] sign, List<MasterKey> previous, Set<String> trustedOld) {
    private static final byte[] SIGN_DOMAIN = Crypto.utf8("lightweb-backup/v1 blob");

    public MasterKey {
        previous = List.copyOf(previous);
        trustedOld = Set.copyOf(trustedOld);
    }

    public MasterKey(byte[] enc, byte[] id, byte[] gear, byte[] sign) {
        this(enc, id, gear, sign, List.of(), Set.of());
    }

    /** This generation, then every earlier one, newest first: what a reader tries in turn. */
    public List<MasterKey> generations() {
        List<MasterKey> all = new ArrayList<>();
        all.add(this);
        all.addAll(previous);
        return all;
    }

    /**
     * A fresh generation (new enc, id, gear, sign) that keeps this one and its predecessors for reading, and trusts
     * under their signatures only the index and snapshot blobs named in {@code existing} (those stored now).
     */
    public MasterKey rekeyed(Set<String> existing) {
        List<MasterKey> older = new ArrayList<>();
        older.add(new MasterKey(enc, id, gear, sign));
        older.addAll(previous);
        return new MasterKey(Crypto.random(32), Crypto.random(32), Crypto.random(32), Crypto.random(32), older, existing);
    }

    public static MasterKey generate() {
        return new MasterKey(Crypto.random(32), Crypto.random(32), Crypto.random(32), Crypto.random(32));
    }

    /** The verify capability: 32 bytes of Ed25519 public key. */
    public byte[] verifyKey() {
        return new Ed25519PrivateKeyParameters(sign, 0).generatePublicKey().getEncoded();
    }

    public byte[] chunkId(byte[] data, int off, int len) {
        return Crypto.hmac(id, data, off, len);
    }

    /** Signature over the blob's type and name (the SHA-256 of its content). */
    public byte[] signBlob(BlobType type, byte[] nameHash) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, new Ed25519PrivateKeyParameters(sign, 0));
        byte[] msg = signedMessage(type, nameHash);
        s.update(msg, 0, msg.length);
        return s.generateSignature();
    }

    /** What a verifier (with only the public key) checks; see README "The verify capability". */
    public static boolean verifyBlob(byte[] verifyKey, BlobType type, byte[] nameHash, byte[] sig, int sigOff) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, new Ed25519PublicKeyParameters(verifyKey, 0));
        byte[] msg = signedMessage(type, nameHash);
        s.update(msg, 0, msg.length);
        return s.verifySignature(Arrays.copyOfRange(sig, sigOff, sigOff + 64));
    }

    private static byte[] signedMessage(BlobType type, byte[] nameHash) {
        byte[] msg = new byte[SIGN_DOMAIN.length + 1 + nameHash.length];
        System.arraycopy(SIGN_DOMAIN, 0, msg, 0, SIGN_DOMAIN.length);
        msg[SIGN_DOMAIN.length] = (byte) type.code;
        System.arraycopy(nameHash, 0, msg, SIGN_DOMAIN.length + 1, nameHash.length);
        return msg;
    }

    Map<String, Object> toJson() {
        Base64.Encoder b = Base64.getEncoder();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("enc", b.encodeToString(enc));
        m.put("id", b.encodeToString(id));
        m.put("gear", b.encodeToString(gear));
        m.put("sign", b.encodeToString(sign));
        if (!previous.isEmpty()) m.put("previous", previous.stream().map(MasterKey::toJson).toList());
        if (!trustedOld.isEmpty()) m.put("trusted_old", new TreeSet<>(trustedOld));
        return m;
    }

    @SuppressWarnings("unchecked")
    static MasterKey fromJson(Map<String, Object> m) {
        Base64.Decoder d = Base64.getDecoder();
        List<MasterKey> previous = new ArrayList<>();
        Object p = m.get("previous");
        if (p instanceof List<?> list) {
            for (Object o : list) previous.add(fromJson((Map<String, Object>) o));
        }
        Set<String> trusted = new HashSet<>();
        if (m.get("trusted_old") instanceof List<?> list) {
            for (Object o : list) trusted.add((String) o);
        }
        return new MasterKey(d.decode((String) m.get("enc")), d.decode((String) m.get("id")),
                d.decode((String) m.get("gear")), d.decode((String) m.get("sign")), previous, trusted);
    }
}
