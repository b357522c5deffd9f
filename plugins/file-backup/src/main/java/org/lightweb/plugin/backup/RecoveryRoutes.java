package org.lightweb.plugin.backup;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * Recovery when a member's home node is lost: open routes (no Matrix account here) that serve, read-only, the
 * replicas this node holds of a repository to whoever signs the request with the repository's recovery access key,
 * derived from the recovery code made at {@code init}. Its public half is the {@code recoveryKey} of the repository's
 * plaintext {@code config}, which this node holds as a replica like every other blob. Under
 * {@code /_lightweb/file-backup/v1/recovery/{origin}/{owner}/{repo}/{type}[/{name}]}, with
 * {@code Authorization: LightwebRecovery ts=<ms>,sig=<base64 Ed25519>} over
 * {@code "lightweb-backup/v1 recovery\n" + method + "\n" + path + "\n" + ts}; {@code ts} within
 * {@code recovery_clock_skew} of this node's clock. Served whether or not the origin is still a partner: the point is
 * that it may be gone.
 */
@Extension
public class RecoveryRoutes implements HttpRoutes {
    private static final Pattern AUTH = Pattern.compile("LightwebRecovery\\s+ts=(\\d{1,15}),\\s*sig=([A-Za-z0-9+/]{86}==)");
    private static final Pattern RECOVERY_KEY = Pattern.compile("\"recoveryKey\"\\s*:\\s*\"([A-Za-z0-9+/]{43}=)\"");
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): the raw 32 bytes follow. */
    private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final PluginContext ctx;
    private final ReplicaStore store;
    private final FileBackupSettings settings;

    public RecoveryRoutes(PluginContext ctx) {
        this.ctx = ctx;
        this.store = ReplicaStore.of(ctx);
        this.settings = BlobStore.of(ctx).settings();
    }

    @Override
    public void register(RouteRegistry routes) {
        String repo = "/v1/recovery/{origin}/{owner}/{repo}";
        routes.open("GET", repo + "/{type}", req -> {
            Key k = authorize(req, false);
            return HttpResponse.json(200, Map.of("names", store.list(k.origin, k.owner, k.repo, k.type)));
        });
        routes.open("HEAD", repo + "/{type}/{name}", req -> {
            Key k = authorize(req, true);
            long size = store.size(k.origin, k.owner, k.repo, k.type, k.name);
            return size < 0 ? HttpResponse.empty(404)
                    : HttpResponse.empty(200).header("Content-Length", Long.toString(size)).header("Content-Type", BlobResponse.OCTETS);
        });
        routes.open("GET", repo + "/{type}/{name}", req -> {
            Key k = authorize(req, true);
            return BlobResponse.of(req, k.type + "/" + k.name, store.size(k.origin, k.owner, k.repo, k.type, k.name),
                    (offset, length) -> store.range(k.origin, k.owner, k.repo, k.type, k.name, offset, length));
        });
    }

    private record Key(String origin, String owner, String repo, String type, String name) {}

    /** Checks the path's parts, then the signature against the repository's recovery key; 401/403/404 otherwise. */
    private Key authorize(HttpRequest req, boolean named) throws Exception {
        String origin = req.pathParam("origin");
        String owner = req.pathParam("owner");
        String repo = req.pathParam("repo");
        String type = BlobNames.TYPES.get(req.pathParam("type"));
        String name = named ? req.pathParam("name") : null;
        if (origin == null || !ORIGIN.matcher(origin).matches()) throw MatrixError.invalidParam("malformed origin server name");
        if (owner == null || !ReplicaRoutes.OWNER.matcher(owner).matches()) throw MatrixError.invalidParam("owner must be 32 lower-case hex digits");
        if (!BlobNames.validRepo(repo)) throw MatrixError.invalidParam("malformed repository name");
        if (type == null) throw MatrixError.invalidParam("the blob type is one of config, keys, data, index, snapshots, locks");
        if (named && !BlobNames.validName(type, name)) throw MatrixError.invalidParam("a blob name is 64 lower-case hex digits");

        String header = req.header("Authorization").orElse(null);
        if (header == null) throw new MatrixError(401, "M_MISSING_TOKEN", "sign the request with the repository's recovery code (LightwebRecovery)");
        Matcher m = AUTH.matcher(header.trim());
        if (!m.matches()) throw new MatrixError(401, "M_UNAUTHORIZED", "the Authorization header is not LightwebRecovery ts=...,sig=...");
        long ts = Long.parseLong(m.group(1));
        long skew = Math.abs(ctx.clock().millis() - ts);
        if (skew > settings.recoveryClockSkew().toMillis())
            throw new MatrixError(403, "M_FORBIDDEN", "the request's time is " + skew / 1000 + " s away from this server's clock (at most "
                    + settings.recoveryClockSkew().toSeconds() + " s)");
        byte[] publicKey = recoveryKey(origin, owner, repo);
        byte[] message = ("lightweb-backup/v1 recovery\n" + req.method() + "\n" + req.path() + "\n" + ts).getBytes(StandardCharsets.UTF_8);
        if (!verify(publicKey, message, Base64.getDecoder().decode(m.group(2))))
            throw new MatrixError(403, "M_FORBIDDEN", "the signature does not verify under this repository's recovery key");
        return new Key(origin, owner, repo, type, name);
    }

    /** The recovery key in the replicated config; 404 alike when there is no replica and when it has no key. */
    private byte[] recoveryKey(String origin, String owner, String repo) throws Exception {
        long size = store.size(origin, owner, repo, "config", "config");
        if (size < 0 || size > 64 * 1024) throw MatrixError.notFound("no repository with recovery held here under that name");
        String config = new String(store.range(origin, owner, repo, "config", "config", 0, (int) size), StandardCharsets.UTF_8);
        Matcher k = RECOVERY_KEY.matcher(config);
        if (!k.find()) throw MatrixError.notFound("no repository with recovery held here under that name");
        return Base64.getDecoder().decode(k.group(1));
    }

    static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) throws Exception {
        byte[] spki = new byte[ED25519_SPKI.length + 32];
        System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
        System.arraycopy(rawPublicKey, 0, spki, ED25519_SPKI.length, 32);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
