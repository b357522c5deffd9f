package org.lightweb.plugin.backup;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * The partner side's server routes (X-Matrix signed, keyed by the origin server), under
 * {@code /_lightweb/file-backup/v1/replicas/{owner}/{repo}/{type}/{name}} and {@code /v1/challenges}. Only configured
 * partners are served (403 otherwise). Bodies are JSON, so blobs travel base64 in {@code content}.
 */
@Extension
public class ReplicaRoutes implements HttpRoutes {
    static final Pattern OWNER = Pattern.compile("[0-9a-f]{32}");

    private final ReplicaStore store;
    private final Partners partners;

    public ReplicaRoutes(PluginContext ctx) {
        this.store = ReplicaStore.of(ctx);
        this.partners = Replication.of(ctx).partners();
    }

    @Override
    public void register(RouteRegistry routes) {
        String base = "/v1/replicas/{owner}/{repo}/{type}/{name}";
        routes.server("PUT", base, this::put);
        routes.server("GET", base, (req, origin) -> {
            Key k = key(req, origin);
            byte[] b = store.get(origin, k.owner, k.repo, k.type, k.name);
            return HttpResponse.json(200, Map.of("content", Base64.getEncoder().encodeToString(b), "size", b.length));
        });
        routes.server("HEAD", base, (req, origin) -> {
            Key k = key(req, origin);
            long size = store.size(origin, k.owner, k.repo, k.type, k.name);
            return size < 0 ? HttpResponse.empty(404) : HttpResponse.empty(200).header("Content-Length", Long.toString(size));
        });
        routes.server("DELETE", base, (req, origin) -> {
            Key k = key(req, origin);
            return HttpResponse.json(200, Map.of("deleted", store.delete(origin, k.owner, k.repo, k.type, k.name)));
        });
        routes.server("POST", "/v1/challenges", this::challenge);
    }

    private HttpResponse put(HttpRequest req, String origin) throws Exception {
        Key k = key(req, origin);
        Object c = req.json().get("content");
        if (!(c instanceof String s)) throw MatrixError.invalidParam("content must be the blob, base64");
        byte[] body;
        try {
            body = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw MatrixError.invalidParam("content is not base64");
        }
        String why = BlobNames.mismatch(k.type, k.name, body);
        if (why != null) throw MatrixError.invalidParam(k.type + "/" + k.name + ": " + why);
        try {
            boolean created = store.put(origin, k.owner, k.repo, k.type, k.name, body);
            return HttpResponse.json(created ? 201 : 200, Map.of("size", body.length, "created", created));
        } catch (BlobStore.QuotaExceeded e) {
            return e.response();
        }
    }

    /** Proof of storage: HMAC-SHA256 keyed with the nonce over bytes [offset, offset+length) of the replica. */
    private HttpResponse challenge(HttpRequest req, String origin) throws Exception {
        checkPartner(origin);
        Map<String, Object> j = req.json();
        String owner = str(j, "owner");
        String repo = str(j, "repo");
        String type = BlobNames.TYPES.get(str(j, "type"));
        String name = str(j, "name");
        if (!OWNER.matcher(owner).matches() || !BlobNames.validRepo(repo) || type == null || !BlobNames.validName(type, name))
            throw MatrixError.invalidParam("owner, repo, type or name is malformed");
        byte[] nonce;
        try {
            nonce = Base64.getDecoder().decode(str(j, "nonce"));
        } catch (IllegalArgumentException e) {
            throw MatrixError.invalidParam("nonce is not base64");
        }
        if (nonce.length < 16 || nonce.length > 64) throw MatrixError.invalidParam("nonce must be 16 to 64 bytes");
        if (!(j.get("offset") instanceof Number o) || !(j.get("length") instanceof Number l))
            throw MatrixError.invalidParam("offset and length are numbers");
        long offset = o.longValue();
        long length = l.longValue();
        long size = store.size(origin, owner, repo, type, name);
        if (size < 0) throw MatrixError.notFound("no replica " + type + "/" + name);
        if (offset < 0 || length < 1 || length > 64L * 1024 * 1024 || offset + length > size)
            throw MatrixError.invalidParam("the range is outside the replica's " + size + " bytes");
        byte[] bytes = store.range(origin, owner, repo, type, name, offset, (int) length);
        return HttpResponse.json(200, Map.of("mac", Base64.getEncoder().encodeToString(hmac(nonce, bytes))));
    }

    static byte[] hmac(byte[] nonce, byte[] bytes) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(nonce, "HmacSHA256"));
        return mac.doFinal(bytes);
    }

    private static String str(Map<String, Object> j, String key) {
        if (!(j.get(key) instanceof String s)) throw MatrixError.invalidParam(key + " must be a string");
        return s;
    }

    private record Key(String owner, String repo, String type, String name) {}

    private Key key(HttpRequest req, String origin) {
        checkPartner(origin);
        String owner = req.pathParam("owner");
        String repo = req.pathParam("repo");
        String type = BlobNames.TYPES.get(req.pathParam("type"));
        String name = req.pathParam("name");
        if (owner == null || !OWNER.matcher(owner).matches()) throw MatrixError.invalidParam("owner must be 32 lower-case hex digits");
        if (!BlobNames.validRepo(repo)) throw MatrixError.invalidParam("malformed repository name");
        if (type == null) throw MatrixError.invalidParam("the blob type is one of config, keys, data, index, snapshots, locks");
        if (!BlobNames.validName(type, name)) throw MatrixError.invalidParam("a blob name is 64 lower-case hex digits");
        return new Key(owner, repo, type, name);
    }

    private void checkPartner(String origin) {
        if (!partners.isPartner(origin))
            throw new MatrixError(403, "M_FORBIDDEN", origin + " is not a backup partner of this server");
    }
}
