package org.lightweb.plugin.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * Group repositories and members' identity keys (issue #11, "group repositories").
 *
 * <p>A group is a Matrix room: its repositories are under {@code /v1/groups/{roomId}/repos/{repo}/...} with the same
 * blob API as a member's own ({@link FileBackupRoutes#mountRepos}), stored in the blob store with the room id as the
 * owner (so replication and partner pseudonyms treat a room as one more owner) and counted against
 * {@code group_quota_bytes}. Every request checks that the caller is joined to the room <em>now</em>: a member who
 * leaves or is kicked gets 403 M_FORBIDDEN on the next request.
 *
 * <p>Identity keys: {@code PUT /v1/identity} publishes the caller's X25519 public key, {@code GET
 * /v1/identity/{userId}} reads anyone's, so that a member can wrap a group repository's key for another. The node
 * only relays them (members compare fingerprints out of band, since a node could substitute a key). Kept as small
 * files under {@code identities/} in the plugin's data directory.
 */
@Extension
public class GroupRoutes implements HttpRoutes {
    private static final Pattern ROOM_ID = Pattern.compile("![^:/\\s]{1,200}:[A-Za-z0-9.:\\[\\]-]{1,255}");
    private static final Pattern USER_ID = Pattern.compile("@[^:/\\s]{1,200}:[A-Za-z0-9.:\\[\\]-]{1,255}");
    static final String ALGORITHM = "x25519";

    private final PluginContext ctx;
    private final FileBackupRoutes repos;

    public GroupRoutes(PluginContext ctx) {
        this.ctx = ctx;
        this.repos = new FileBackupRoutes(ctx);
    }

    /** Room ids own group repositories; user ids own members' repositories. */
    static boolean isRoomId(String owner) {
        return owner != null && owner.startsWith("!");
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.client("GET", "/v1/groups/{roomId}", (req, user) -> {
            String roomId = room(req, user);
            return HttpResponse.json(200, Map.of("room_id", roomId, "joined_members", ctx.rooms().joinedMembers(roomId)));
        });
        routes.client("GET", "/v1/groups/{roomId}/repos", (req, user) -> repos.repositories(room(req, user)));
        repos.mountRepos(routes, "/v1/groups/{roomId}/repos", this::room);
        routes.client("PUT", "/v1/identity", this::putIdentity);
        routes.client("GET", "/v1/identity/{userId}", (req, user) -> getIdentity(req.pathParam("userId")));
    }

    /** The room of a group request, after checking the caller is joined to it now (403 otherwise). */
    private String room(HttpRequest req, MatrixUser user) {
        String roomId = req.pathParam("roomId");
        if (roomId == null || !ROOM_ID.matcher(roomId).matches())
            throw MatrixError.invalidParam("a group is a room id such as !abc:kaslo.example");
        if (!ctx.rooms().joinedMembers(roomId).contains(user.userId()))
            throw MatrixError.forbidden(user.userId() + " is not joined to " + roomId + ": only its current members use its backups");
        return roomId;
    }

    /** PUT /v1/identity, body {@code {"algorithm": "x25519", "public_key": base64 of 32 bytes}}: replaces the caller's. */
    private HttpResponse putIdentity(HttpRequest req, MatrixUser user) throws IOException {
        Map<String, Object> body = req.json();
        if (!ALGORITHM.equals(body.get("algorithm"))) throw MatrixError.invalidParam("algorithm must be \"x25519\"");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(String.valueOf(body.get("public_key")));
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) throw MatrixError.invalidParam("public_key must be 32 bytes, base64");
        String encoded = Base64.getEncoder().encodeToString(key);
        Path file = identityFile(user.userId());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(tmp, encoded.getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return HttpResponse.json(200, identity(user.userId(), encoded));
    }

    /** GET /v1/identity/{userId}: that member's published key, or 404. */
    private HttpResponse getIdentity(String userId) throws IOException {
        if (userId == null || !USER_ID.matcher(userId).matches()) throw MatrixError.invalidParam("a user id such as @alice:kaslo.example");
        try {
            String encoded = Files.readString(identityFile(userId), StandardCharsets.US_ASCII).trim();
            return HttpResponse.json(200, identity(userId, encoded));
        } catch (NoSuchFileException e) {
            throw MatrixError.notFound(userId + " has published no backup identity key");
        }
    }

    private static Map<String, Object> identity(String userId, String publicKey) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("user_id", userId);
        doc.put("algorithm", ALGORITHM);
        doc.put("public_key", publicKey);
        return doc;
    }

    /** {@code identities/<hex SHA-256 of the user id>}: the base64 public key. */
    private Path identityFile(String userId) {
        return ctx.dataDirectory().resolve("identities").resolve(BlobNames.hex(BlobNames.sha256(
                userId.getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8).length)) + ".json");
    }
}
