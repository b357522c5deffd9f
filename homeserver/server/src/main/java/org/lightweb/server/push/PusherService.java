package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.DeactivationListener;
import org.lightweb.server.http.Requester;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.push.PusherRepository;
import org.lightweb.storage.push.PusherRepository.Pusher;

/**
 * The pushers API (client-server API, "Push Notifications", data/api/client-server/pusher.yaml): list, set, update
 * and delete ({@code kind: null}) a user's pushers, with Synapse's checks: every field the spec requires, an http
 * pusher's {@code data.url} an http(s) URL whose path is {@code /_matrix/push/v1/notify}, an email pusher's pushkey an
 * address bound to the user. A pusher belongs to the device that set it. Deactivation deletes them all.
 */
public final class PusherService implements DeactivationListener {
    /** The path every push gateway answers at (push gateway API). */
    static final String NOTIFY_PATH = "/_matrix/push/v1/notify";
    private static final List<String> REQUIRED =
            List.of("kind", "app_id", "app_display_name", "device_display_name", "pushkey", "lang", "data");

    /** Told when a pusher is set, so delivery can pick it up. */
    public interface Listener {
        void changed(String userId, String appId, String pushkey);
    }

    private final PusherRepository pushers;
    private final ThreepidRepository threepids;
    private final int maxPerUser;
    private final Clock clock;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PusherService(PusherRepository pushers, ThreepidRepository threepids, int maxPerUser, Clock clock) {
        this.pushers = pushers;
        this.threepids = threepids;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
    }

    public void addListener(Listener l) { listeners.add(l); }

    /** GET /pushers: the user's pushers as the spec shows them. */
    public Future<ObjectNode> list(UserId user) {
        return pushers.of(user.toString()).map(all -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("pushers");
            for (Pusher p : all) {
                ObjectNode o = list.addObject();
                o.put("pushkey", p.pushkey());
                o.put("kind", p.kind());
                o.put("app_id", p.appId());
                o.put("app_display_name", p.appDisplayName());
                o.put("device_display_name", p.deviceDisplayName());
                if (p.profileTag() != null) o.put("profile_tag", p.profileTag());
                o.put("lang", p.lang());
                o.set("data", Json.parse(p.data()));
            }
            return out;
        });
    }

    /** POST /pushers/set. */
    public Future<Void> set(Requester who, ObjectNode body) {
        String user = who.userId().toString();
        JsonNode kind = body.get("kind");
        if (kind != null && kind.isNull()) {
            String appId = string(body, "app_id");
            String pushkey = string(body, "pushkey");
            return pushers.delete(user, appId, pushkey).mapEmpty();
        }
        List<String> missing = new ArrayList<>();
        for (String f : REQUIRED) if (body.get(f) == null || body.get(f).isNull()) missing.add(f);
        if (!missing.isEmpty()) throw MatrixException.missingParam("Missing parameters: " + String.join(", ", missing));
        String k = string(body, "kind");
        if (!k.equals("http") && !k.equals("email")) throw MatrixException.invalidParam("Unknown pusher kind: " + k);
        String appId = string(body, "app_id");
        String pushkey = string(body, "pushkey");
        if (appId.isEmpty() || appId.length() > 64) throw MatrixException.invalidParam("app_id must be 1 to 64 characters");
        if (pushkey.isEmpty() || pushkey.getBytes(StandardCharsets.UTF_8).length > 512) {
            throw MatrixException.invalidParam("pushkey must be 1 to 512 bytes");
        }
        JsonNode data = body.get("data");
        if (!data.isObject()) throw MatrixException.invalidParam("data must be an object");
        JsonNode append = body.get("append");
        if (append != null && !append.isNull() && !append.isBoolean()) throw MatrixException.invalidParam("append must be a boolean");
        JsonNode profileTag = body.get("profile_tag");
        if (profileTag != null && !profileTag.isNull() && !profileTag.isTextual()) {
            throw MatrixException.invalidParam("profile_tag must be a string");
        }
        if (k.equals("http")) checkHttpData(data);
        Pusher pusher = new Pusher(user, who.deviceId(), who.accessTokenHash(), k, appId, pushkey,
                string(body, "app_display_name"), string(body, "device_display_name"),
                profileTag == null || profileTag.isNull() ? null : profileTag.asText(), string(body, "lang"),
                Json.write(data), clock.millis(), 0, null);
        boolean appending = append != null && append.asBoolean();
        return checkEmail(who.userId(), k, pushkey)
                .compose(v -> pushers.of(user))
                .compose(mine -> {
                    boolean exists = mine.stream().anyMatch(p -> p.appId().equals(appId) && p.pushkey().equals(pushkey));
                    if (!exists && mine.size() >= maxPerUser) {
                        return Future.failedFuture(MatrixException.invalidParam("Too many pushers (at most " + maxPerUser + ")"));
                    }
                    return pushers.set(pusher, appending);
                })
                .onSuccess(v -> listeners.forEach(l -> l.changed(user, appId, pushkey)));
    }

    /** Synapse's HttpPusher checks: url present, a string, http or https, path exactly the notify path. */
    private static void checkHttpData(JsonNode data) {
        JsonNode url = data.get("url");
        if (url == null || url.isNull()) throw MatrixException.missingParam("'url' required in data for HTTP pusher");
        if (!url.isTextual()) throw MatrixException.invalidParam("'url' must be a string");
        URI uri;
        try {
            uri = new URI(url.asText());
        } catch (URISyntaxException e) {
            throw MatrixException.invalidParam("'url' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw MatrixException.invalidParam("'url' must have a http or https scheme");
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw MatrixException.invalidParam("'url' must name a host");
        if (!NOTIFY_PATH.equals(uri.getPath())) throw MatrixException.invalidParam("'url' must have a path of '" + NOTIFY_PATH + "'");
        JsonNode format = data.get("format");
        if (format != null && !format.isNull() && !format.isTextual()) throw MatrixException.invalidParam("'format' must be a string");
    }

    /** An email pusher's pushkey must be an address bound to the user (Synapse: 400 M_THREEPID_NOT_FOUND). */
    private Future<Void> checkEmail(UserId user, String kind, String pushkey) {
        if (!kind.equals("email")) return Future.succeededFuture();
        return threepids.owner("email", pushkey.toLowerCase(Locale.ROOT)).compose(owner -> owner.equals(Optional.of(user))
                ? Future.succeededFuture()
                : Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_NOT_FOUND, "Email not found")));
    }

    private static String string(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) throw MatrixException.missingParam("Missing parameter: " + field);
        if (!n.isTextual()) throw MatrixException.invalidParam("'" + field + "' must be a string");
        return n.asText();
    }

    @Override
    public Future<Void> onDeactivated(UserId user, boolean erase) {
        return pushers.deleteAllOf(user.toString()).mapEmpty();
    }
}
