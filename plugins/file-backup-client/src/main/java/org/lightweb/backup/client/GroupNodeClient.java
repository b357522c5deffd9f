package org.lightweb.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The node's group routes beside the blob API: identity keys ({@code /_lightweb/file-backup/v1/identity}) and a
 * group's joined members ({@code /_lightweb/file-backup/v1/groups/{roomId}}).
 */
public final class GroupNodeClient {
    static final String PATH = "/_lightweb/file-backup/v1/identity";

    private GroupNodeClient() {
    }

    /** PUT /identity: makes {@code publicKey} the logged-in member's published identity key. */
    public static void publish(ServerLogin.State state, byte[] publicKey, Duration timeout) throws IOException {
        byte[] body = KeyFile.JSON.writeValueAsBytes(Map.of("algorithm", "x25519", "public_key", Base64.getEncoder().encodeToString(publicKey)));
        HttpResponse<byte[]> res = send(state, HttpRequest.newBuilder(uri(state, PATH)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), timeout, "publish the identity key");
        if (res.statusCode() != 200)
            throw BackupException.failed("could not publish the identity key: the server answered " + res.statusCode() + " " + HttpBackend.error(res));
    }

    /** GET /identity/{userId}: the key another member published (32 bytes). */
    public static byte[] fetch(ServerLogin.State state, String userId, Duration timeout) throws IOException {
        String path = PATH + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<byte[]> res = send(state, HttpRequest.newBuilder(uri(state, path)).GET(), timeout, "fetch " + userId + "'s identity key");
        if (res.statusCode() == 404)
            throw BackupException.failed(userId + " has published no identity key: they must run 'group identity' first");
        if (res.statusCode() != 200)
            throw BackupException.failed("could not fetch " + userId + "'s identity key: the server answered " + res.statusCode() + " " + HttpBackend.error(res));
        JsonNode j = KeyFile.JSON.readTree(res.body());
        byte[] key;
        try {
            key = Base64.getDecoder().decode(j.path("public_key").asText());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (!"x25519".equals(j.path("algorithm").asText()) || key.length != 32 || !userId.equals(j.path("user_id").asText()))
            throw BackupException.integrity("the server's answer for " + userId + "'s identity key is not an X25519 key of that user");
        return key;
    }

    /** GET /groups/{roomId}: the users joined to the group's room now (the node answers only its members). */
    public static List<String> joinedMembers(ServerLogin.State state, String roomId, Duration timeout) throws IOException {
        String path = "/_lightweb/file-backup/v1/groups/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<byte[]> res = send(state, HttpRequest.newBuilder(uri(state, path)).GET(), timeout, "list the members of " + roomId);
        if (res.statusCode() != 200)
            throw BackupException.failed("could not list the members of " + roomId + ": the server answered " + res.statusCode() + " " + HttpBackend.error(res));
        List<String> out = new ArrayList<>();
        for (JsonNode n : KeyFile.JSON.readTree(res.body()).path("joined_members")) out.add(n.asText());
        return out;
    }

    private static URI uri(ServerLogin.State state, String path) {
        String s = state.server();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + path);
    }

    private static HttpResponse<byte[]> send(ServerLogin.State state, HttpRequest.Builder b, Duration timeout, String what) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            return http.send(b.timeout(timeout).header("Authorization", "Bearer " + state.accessToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (IOException e) {
            throw BackupException.failed("could not " + what + " on " + state.server() + ": " + e.getMessage());
        }
    }
}
