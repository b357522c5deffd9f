package org.lightweb.server.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig.Limits;
import org.lightweb.server.http.Requester;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.ProfileRepository;

/** Profiles (spec: Profiles): displayname, avatar_url, m.tz and namespaced custom fields, 64 KiB in all. */
public final class ProfileService {
    private static final Pattern KEY = Pattern.compile("avatar_url|displayname|m\\.tz|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern MXC = Pattern.compile("mxc://[A-Za-z0-9.\\-:\\[\\]]+/[A-Za-z0-9_\\-]+");

    private final ServerName serverName;
    private final AccountRepository accounts;
    private final ProfileRepository profiles;
    private final Limits limits;
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told when a user's display name or avatar changed, e.g. to update their member events in rooms. */
    public interface Listener {
        Future<Void> onNameOrAvatarChanged(UserId user, ObjectNode profile);
    }

    public void addListener(Listener l) { listeners.add(l); }

    /** Profiles of other servers' users (federation's /query/profile); 404 without federation. */
    public interface Remote {
        Future<ObjectNode> profile(UserId user);
    }

    private volatile Remote remote = user -> Future.failedFuture(MatrixException.notFound("Profile not found"));

    public void setRemote(Remote remote) { this.remote = remote; }

    public ProfileService(ServerName serverName, AccountRepository accounts, ProfileRepository profiles, Limits limits) {
        this.serverName = serverName;
        this.accounts = accounts;
        this.profiles = profiles;
        this.limits = limits;
    }

    /** The whole profile; 404 M_NOT_FOUND for a user this server does not know. */
    public Future<ObjectNode> profile(UserId user) {
        if (!user.isLocalTo(serverName)) return remote.profile(user);
        return accounts.find(user)
                .compose(u -> u.isPresent() ? Future.succeededFuture(u)
                        : unknownUser.apply(user).compose(made -> made ? accounts.find(user) : Future.succeededFuture(u)))
                .compose(u -> {
                    if (u.isEmpty()) return Future.failedFuture(MatrixException.notFound("Profile not found"));
                    return profiles.fields(user).map(ProfileService::toJson);
                });
    }

    /** Asked about a local user that does not exist: true when someone (an appservice) just made them. */
    private volatile java.util.function.Function<UserId, Future<Boolean>> unknownUser = u -> Future.succeededFuture(false);

    public void setUnknownUserQuery(java.util.function.Function<UserId, Future<Boolean>> query) { this.unknownUser = query; }

    /** One field; 404 M_NOT_FOUND when the user has no such field. */
    public Future<JsonNode> field(UserId user, String key) {
        checkKey(key);
        return profile(user).map(p -> {
            JsonNode v = p.get(key);
            if (v == null) throw MatrixException.notFound("Profile field not found");
            return v;
        });
    }

    /** Sets (or, for a null displayname or avatar_url, clears) a field of the requester's own profile. */
    public Future<Void> setField(Requester who, UserId target, String key, JsonNode value) {
        checkKey(key);
        checkOwner(who, target, key);
        if (key.equals("displayname") && value != null && !value.isNull()) {
            if (!value.isTextual()) throw MatrixException.badJson("displayname must be a string");
            if (value.asText().length() > limits.maxDisplayNameLength()) {
                throw MatrixException.invalidParam("displayname is longer than " + limits.maxDisplayNameLength() + " characters");
            }
        }
        if (key.equals("avatar_url") && value != null && !value.isNull()) {
            if (!value.isTextual()) throw MatrixException.badJson("avatar_url must be a string");
            String url = value.asText();
            if (url.length() > limits.maxAvatarUrlLength()) throw MatrixException.invalidParam("avatar_url is too long");
            if (!url.isEmpty() && !MXC.matcher(url).matches()) throw MatrixException.invalidParam("avatar_url must be an mxc:// URI");
        }
        if (key.equals("m.tz") && value != null && !value.isTextual()) throw MatrixException.badJson("m.tz must be a string");
        boolean clears = (key.equals("displayname") || key.equals("avatar_url"))
                && (value == null || value.isNull() || value.asText().isEmpty());
        return profiles.fields(target).compose(current -> {
            if (clears) return profiles.set(target, key, null).compose(v -> changed(target, key));
            ObjectNode next = toJson(current);
            next.set(key, value == null ? Json.object().nullNode() : value);
            if (Json.write(next).getBytes(StandardCharsets.UTF_8).length > limits.maxProfileBytes()) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_PROFILE_TOO_LARGE,
                        "The profile would be larger than " + limits.maxProfileBytes() + " bytes"));
            }
            return profiles.set(target, key, Json.write(next.get(key))).compose(v -> changed(target, key));
        });
    }

    public Future<Void> deleteField(Requester who, UserId target, String key) {
        checkKey(key);
        checkOwner(who, target, key);
        return profiles.set(target, key, null).compose(v -> changed(target, key));
    }

    /** After a display name or avatar change, the listeners run; their failures do not fail the change. */
    private Future<Void> changed(UserId user, String key) {
        if (!key.equals("displayname") && !key.equals("avatar_url") || listeners.isEmpty()) return Future.succeededFuture();
        return profiles.fields(user).map(ProfileService::toJson).compose(profile -> {
            Future<Void> chain = Future.succeededFuture();
            for (Listener l : listeners) {
                chain = chain.compose(v -> l.onNameOrAvatarChanged(user, profile).recover(e -> Future.succeededFuture()));
            }
            return chain;
        });
    }

    private void checkOwner(Requester who, UserId target, String key) {
        if (!who.userId().equals(target) && !who.admin()) throw MatrixException.forbidden("You cannot change another user's profile");
        // Spec (Guest access): guests may change their display name and nothing else of their profile.
        if (who.guest() && !key.equals("displayname")) throw MatrixException.guestAccessForbidden();
    }

    /** 400 M_KEY_TOO_LARGE over 255 bytes, M_INVALID_PARAM when the key breaks the grammar. */
    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new MatrixException(400, ErrCode.M_KEY_TOO_LARGE, "Profile keys are at most 255 bytes");
        }
        if (!KEY.matcher(key).matches()) throw MatrixException.invalidParam("Invalid profile key: " + key);
    }

    private static ObjectNode toJson(Map<String, String> fields) {
        ObjectNode out = Json.object();
        fields.forEach((k, v) -> out.set(k, Json.parse(v)));
        return out;
    }
}
