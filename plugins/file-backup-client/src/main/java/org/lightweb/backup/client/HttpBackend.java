package org.lightweb.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A repository in the node's blob store (plugins/file-backup), over its client routes
 * {@code /_lightweb/file-backup/v1/repos/{repo}/{type}[/{name}]} with the member's access token; or, read-only, the
 * replicas a partner node holds of it ({@link #partner}), over the partner's recovery routes with requests signed by
 * the {@link RecoveryAccess} key. Requests that fail
 * with an I/O error or a 5xx are tried again, {@link Options#attempts} times in all, waiting twice as long each time;
 * a put is safe to repeat (blobs are write-once and named by their hash, so the node answers 200 to a repeat).
 */
public final class HttpBackend implements Backend {
    private static final Pattern NAME = Pattern.compile("[0-9a-z]{1,128}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/_lightweb/file-backup/v1/repos/";
    static final String RECOVERY_PREFIX = "/_lightweb/file-backup/v1/recovery/";

    /** The {@code Authorization} header of a request. */
    @FunctionalInterface
    interface Authorizer {
        String header(String method, URI uri);
    }

    /** Timeouts and retries. {@code attempts} is at least 1; the first retry waits {@code backoff}. */
    public record Options(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofSeconds(120), 4, Duration.ofMillis(500));

        public Options {
            if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    private final URI base;
    private final Authorizer auth;
    private final String repo;
    private final Options options;
    private final HttpClient http;
    private final String readOnly; // why puts and deletes are refused, or null

    public HttpBackend(URI server, String accessToken, String repo, Options options) {
        this(root(server) + PREFIX + checkRepo(repo) + "/", (method, uri) -> "Bearer " + accessToken, repo, options, null);
    }

    private HttpBackend(String base, Authorizer auth, String repo, Options options, String readOnly) {
        this.base = URI.create(base);
        this.auth = auth;
        this.repo = repo;
        this.options = options;
        this.readOnly = readOnly;
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A group's repository: {@code /_lightweb/file-backup/v1/groups/{roomId}/repos/{repo}} (see {@link GroupRepository}). */
    public static HttpBackend group(URI server, String accessToken, String roomId, String repo, Options options) {
        String room = java.net.URLEncoder.encode(roomId, StandardCharsets.UTF_8).replace("+", "%20");
        return new HttpBackend(root(server) + "/_lightweb/file-backup/v1/groups/" + room + "/repos/" + checkRepo(repo) + "/",
                (method, uri) -> "Bearer " + accessToken, repo, options, null);
    }

    /**
     * The replicas of {@code userId}'s repository {@code repo} that the partner at {@code partner} holds for the user's
     * home server (the server part of the user id), read-only, for restoring when the home node is lost.
     */
    public static HttpBackend partner(URI partner, String userId, String repo, RecoveryAccess access, Options options) {
        int colon = userId.indexOf(':');
        if (!(userId.startsWith("@") || userId.startsWith("!")) || colon < 2 || colon == userId.length() - 1) // '!': a group's room
            throw new IllegalArgumentException("a user id looks like @alice:kaslo.example (a group's room id like !abc:kaslo.example), not " + userId);
        String origin = userId.substring(colon + 1);
        if (!origin.matches("[A-Za-z0-9.:\\[\\]-]+")) throw new IllegalArgumentException("not a server name: " + origin);
        String path = RECOVERY_PREFIX + origin + "/" + RecoveryAccess.pseudonym(userId) + "/" + checkRepo(repo) + "/";
        return new HttpBackend(root(partner) + path, (method, uri) -> access.authorization(method, uri.getPath(), System.currentTimeMillis()),
                repo, options, "a partner's copy is read-only: restore from it, or copy it to a repository on your new node");
    }

    private static String root(URI server) {
        String s = server.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String checkRepo(String repo) {
        if (!validRepo(repo))
            throw new IllegalArgumentException("a repository name is 1 to 64 letters, digits, '.', '_' or '-', not starting with '.': " + repo);
        return repo;
    }

    public static boolean validRepo(String repo) {
        return repo != null && REPO.matcher(repo).matches();
    }

    /** Where it is, for messages: {@code https://node/…/repos/NAME}. */
    public String describe() {
        return "repository " + repo + " on " + base.resolve("/");
    }

    private URI uri(BlobType type, String name) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad blob name: " + name);
        return base.resolve(type.dir + "/" + name);
    }

    @Override
    public List<String> list(BlobType type) throws IOException {
        HttpResponse<byte[]> res = send(request("GET", base.resolve(type.dir)).GET(), "list " + type.dir);
        expect(res, 200, "list " + type.dir);
        JsonNode names = JSON.readTree(res.body()).path("names");
        List<String> out = new ArrayList<>();
        for (JsonNode n : names) out.add(n.asText());
        return out;
    }

    @Override
    public boolean has(BlobType type, String name) throws IOException {
        return size(type, name) >= 0;
    }

    @Override
    public void put(BlobType type, String name, byte[] content) throws IOException {
        if (readOnly != null) throw BackupException.failed(readOnly);
        HttpResponse<byte[]> res = send(request("PUT", uri(type, name)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), "store " + type.dir + "/" + name);
        if (res.statusCode() == 507)
            throw BackupException.failed("the server refused to store more: " + error(res) + " (delete old snapshots with forget --prune, or ask the node's operator)");
        if (res.statusCode() != 200 && res.statusCode() != 201) expect(res, 200, "store " + type.dir + "/" + name);
    }

    @Override
    public byte[] get(BlobType type, String name) throws IOException {
        HttpResponse<byte[]> res = send(request("GET", uri(type, name)).GET(), "read " + type.dir + "/" + name);
        if (res.statusCode() == 404) throw new NoSuchFileException(type.dir + "/" + name);
        expect(res, 200, "read " + type.dir + "/" + name);
        return res.body();
    }

    @Override
    public byte[] getRange(BlobType type, String name, long offset, int length) throws IOException {
        if (offset < 0 || length <= 0) throw new IOException(type.dir + "/" + name + ": bad range " + offset + "+" + length);
        String what = "read " + type.dir + "/" + name + " bytes " + offset + "+" + length;
        HttpResponse<byte[]> res = send(request("GET", uri(type, name)).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET(), what);
        if (res.statusCode() == 404) throw new NoSuchFileException(type.dir + "/" + name);
        if (res.statusCode() == 416) throw new IOException(type.dir + "/" + name + ": range " + offset + "+" + length + " is past the end");
        expect(res, 206, what);
        if (res.body().length != length)
            throw new IOException(type.dir + "/" + name + ": range " + offset + "+" + length + " is past the end (got " + res.body().length + " bytes)");
        return res.body();
    }

    @Override
    public void delete(BlobType type, String name) throws IOException {
        if (readOnly != null) throw BackupException.failed(readOnly);
        HttpResponse<byte[]> res = send(request("DELETE", uri(type, name)).DELETE(), "delete " + type.dir + "/" + name);
        if (res.statusCode() != 404) expect(res, 200, "delete " + type.dir + "/" + name);
    }

    @Override
    public long size(BlobType type, String name) throws IOException {
        HttpResponse<byte[]> res = send(request("HEAD", uri(type, name)).method("HEAD", HttpRequest.BodyPublishers.noBody()), "look up " + type.dir + "/" + name);
        if (res.statusCode() == 404) return -1;
        expect(res, 200, "look up " + type.dir + "/" + name);
        return res.headers().firstValueAsLong("Content-Length")
                .orElseThrow(() -> new IOException("the server answered HEAD " + type.dir + "/" + name + " without a Content-Length"));
    }

    private HttpRequest.Builder request(String method, URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.requestTimeout()).header("Authorization", auth.header(method, uri));
    }

    /** Sends, trying again on I/O errors and 5xx answers (but 507, which says the quota is full). */
    private HttpResponse<byte[]> send(HttpRequest.Builder builder, String what) throws IOException {
        HttpRequest req = builder.build();
        Duration wait = options.backoff();
        IOException last = null;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            if (attempt > 1) sleep(wait);
            if (attempt > 1) wait = wait.multipliedBy(2);
            try {
                HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                int s = res.statusCode();
                if (s == 401 && readOnly == null)
                    throw BackupException.failed("the server refused the access token (" + error(res) + "): log in again with --server URL --user NAME");
                if ((s == 401 || s == 403) && readOnly != null)
                    throw BackupException.failed("the partner refused the recovery code's signature (" + error(res) + "): check the recovery code,"
                            + " the user id, the repository name and this computer's clock");
                if (s >= 500 && s != 507 && s != 501) {
                    last = new IOException("could not " + what + ": the server answered " + s + " " + error(res));
                    continue;
                }
                return res;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while trying to " + what);
            } catch (IOException e) {
                last = new IOException("could not " + what + " on " + base.getAuthority() + ": " + e, e);
            }
        }
        throw new IOException(last.getMessage() + " (gave up after " + options.attempts() + " attempts)", last);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private static void expect(HttpResponse<byte[]> res, int status, String what) throws IOException {
        if (res.statusCode() != status) throw new IOException("could not " + what + ": the server answered " + res.statusCode() + " " + error(res));
    }

    /** The Matrix error of an answer, {@code M_CODE: message}, or its status alone. */
    static String error(HttpResponse<byte[]> res) {
        try {
            JsonNode j = JSON.readTree(res.body());
            if (j != null && j.has("errcode")) return j.path("errcode").asText() + ": " + j.path("error").asText();
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through
        }
        byte[] b = res.body() == null ? new byte[0] : res.body();
        return b.length == 0 ? "" : new String(b, 0, Math.min(b.length, 200), StandardCharsets.UTF_8);
    }
}
