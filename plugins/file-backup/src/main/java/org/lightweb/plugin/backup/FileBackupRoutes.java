package org.lightweb.plugin.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * The blob store's client routes, under {@code /_lightweb/file-backup/v1/repos}. Every repository belongs to the
 * member whose access token is on the request: names are looked up in that member's space only, so nobody can read,
 * list or even learn of another member's repository. See README.md for the API.
 */
@Extension
public class FileBackupRoutes implements HttpRoutes {

    private final BlobStore store;

    public FileBackupRoutes(PluginContext ctx) {
        this.store = BlobStore.of(ctx);
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.client("GET", "/v1/repos", (req, user) -> repositories(user.userId()));
        mountRepos(routes, "/v1/repos", (req, user) -> user.userId());
    }

    /** Whose space a request's repository is in: the member's own (their user id) or a group's (the room id). */
    @FunctionalInterface
    interface Owner {
        String of(HttpRequest req, MatrixUser user) throws Exception;
    }

    /** The blob API of one repository, under {@code prefix}/{repo}/..., in the space {@code owner} names. */
    void mountRepos(RouteRegistry routes, String prefix, Owner owner) {
        routes.client("DELETE", prefix + "/{repo}", (req, user) -> {
            int n = store.deleteRepository(owner.of(req, user), repo(req));
            return HttpResponse.json(200, Map.of("deleted_blobs", n));
        });
        routes.client("GET", prefix + "/{repo}/{type}", (req, user) ->
                HttpResponse.json(200, Map.of("names", store.list(owner.of(req, user), repo(req), type(req)))));
        routes.client("HEAD", prefix + "/{repo}/{type}/{name}", (req, user) -> {
            long size = store.size(owner.of(req, user), repo(req), type(req), name(req));
            if (size < 0) return HttpResponse.empty(404);
            return HttpResponse.empty(200).header("Content-Length", Long.toString(size)).header("Content-Type", BlobResponse.OCTETS);
        });
        routes.client("GET", prefix + "/{repo}/{type}/{name}", (req, user) -> get(req, owner.of(req, user)));
        routes.client("PUT", prefix + "/{repo}/{type}/{name}", (req, user) -> put(req, owner.of(req, user)));
        routes.client("DELETE", prefix + "/{repo}/{type}/{name}", (req, user) -> {
            boolean deleted = store.delete(owner.of(req, user), repo(req), type(req), name(req));
            return HttpResponse.json(200, Map.of("deleted", deleted));
        });
    }

    /** GET .../{name}: the blob, or with {@code Range: bytes=a-b} a part of it (206). */
    private HttpResponse get(HttpRequest req, String owner) throws Exception {
        String repo = repo(req);
        String type = type(req);
        String name = name(req);
        return BlobResponse.of(req, type + "/" + name + " in this repository", store.size(owner, repo, type, name),
                (offset, length) -> store.range(owner, repo, type, name, offset, length));
    }

    /** PUT .../{name}: stores the body under its name after checking the name is its hash. */
    private HttpResponse put(HttpRequest req, String owner) throws Exception {
        String repo = repo(req);
        String type = type(req);
        String name = name(req);
        byte[] body = req.body();
        String why = BlobNames.mismatch(type, name, body);
        if (why != null) throw MatrixError.invalidParam(type + "/" + name + ": " + why);
        try {
            BlobStore.Put p = store.put(owner, repo, type, name, body);
            return HttpResponse.json(p.created() ? 201 : 200, Map.of("size", p.size(), "created", p.created()));
        } catch (BlobStore.QuotaExceeded e) {
            return e.response();
        }
    }

    /** GET /v1/repos: the member's repositories, their blobs and bytes, and the quota. */
    HttpResponse repositories(String user) throws Exception {
        BlobStore.Usage u = store.usage(user);
        List<Map<String, Object>> repos = new ArrayList<>();
        u.repos().forEach((name, counts) -> repos.add(Map.of("name", name, "blobs", counts[0], "bytes", counts[1])));
        return HttpResponse.json(200, Map.of("repositories", repos, "used_bytes", u.bytes(), "quota_bytes", store.quota(user)));
    }

    private static String repo(HttpRequest req) {
        String repo = req.pathParam("repo");
        if (!BlobNames.validRepo(repo))
            throw MatrixError.invalidParam("a repository name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
        return repo;
    }

    private static String type(HttpRequest req) {
        String type = BlobNames.TYPES.get(req.pathParam("type"));
        if (type == null) throw MatrixError.invalidParam("the blob type is one of config, keys, data, index, snapshots, locks");
        return type;
    }

    private static String name(HttpRequest req) {
        String name = req.pathParam("name");
        if (!BlobNames.validName(type(req), name))
            throw MatrixError.invalidParam("a blob name is 64 lower-case hex digits (the config blob is named config)");
        return name;
    }
}
