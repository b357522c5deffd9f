package org.lightweb.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.server.push.Glob;
import org.lightweb.server.sync.AccountData;

/**
 * Who may invite a local user. In order: the invitee's {@code m.ignored_user_list} (ignore); the node's
 * {@code invites.blocked_servers} (block); the spec's invite permission module, {@code m.invite_permission_config}
 * with {@code default_action: block} (block everything); then MSC4155's richer
 * {@code org.matrix.msc4155.invite_permission_config}: unless {@code enabled} is false, {@code allowed_users},
 * {@code ignored_users}, {@code blocked_users}, {@code allowed_servers}, {@code ignored_servers},
 * {@code blocked_servers}, the first list with a matching glob deciding (user lists against the full user id, server
 * lists against its server name without port). A blocked invite is refused with 403 {@code M_INVITE_BLOCKED} (client
 * invites, createRoom, member state, federation invites); blocked and ignored invites are never shown in sync (pending
 * ones too) nor notified. Configurations are cached per user and forgotten when the account data changes.
 */
public final class InvitePermissions {
    public static final String MSC4155 = "org.matrix.msc4155.invite_permission_config";
    public static final String STABLE = "m.invite_permission_config";

    public enum Decision { ALLOW, IGNORE, BLOCK }

    private final AccountData accountData;
    private final IgnoredUsers ignoredUsers;
    private final List<String> blockedServers;
    private final Cache<String, Configs> configs;

    /** A user's two configurations, either missing. */
    private record Configs(Optional<JsonNode> stable, Optional<JsonNode> msc4155) {}

    public InvitePermissions(AccountData accountData, IgnoredUsers ignoredUsers, List<String> blockedServers, long cacheEntries) {
        this.accountData = accountData;
        this.ignoredUsers = ignoredUsers;
        this.blockedServers = List.copyOf(blockedServers);
        this.configs = Caffeine.newBuilder().maximumSize(cacheEntries).build();
        accountData.addListener((userId, roomId, type) -> {
            if (roomId.isEmpty() && (type.equals(MSC4155) || type.equals(STABLE))) configs.invalidate(userId);
        });
    }

    /** What becomes of an invite of local user {@code invitee} sent by {@code inviter}. */
    public Future<Decision> decide(String invitee, String inviter) {
        return ignoredUsers.of(invitee).compose(ignored -> {
            if (ignored.contains(inviter)) return Future.succeededFuture(Decision.IGNORE);
            if (matchesAny(blockedServers, serverOf(inviter))) return Future.succeededFuture(Decision.BLOCK);
            return configs(invitee).map(c -> {
                if (c.stable().map(j -> "block".equals(j.path("default_action").asText(null))).orElse(false)) return Decision.BLOCK;
                return c.msc4155().map(json -> evaluate(json, inviter)).orElse(Decision.ALLOW);
            });
        });
    }

    /** Fails with 403 M_INVITE_BLOCKED when the invite is blocked; an ignored one passes (it is hidden later). */
    public Future<Void> enforce(String invitee, String inviter) {
        return decide(invitee, inviter).compose(d -> d == Decision.BLOCK
                ? Future.failedFuture(new MatrixException(403, ErrCode.M_INVITE_BLOCKED, invitee + " does not accept invites from " + inviter))
                : Future.succeededFuture());
    }

    /** Whether the invitee sees an invite from {@code inviter} (pending invites follow a changed configuration too). */
    public Future<Boolean> shown(String invitee, String inviter) {
        return decide(invitee, inviter).map(d -> d == Decision.ALLOW);
    }

    private Future<Configs> configs(String userId) {
        Configs cached = configs.getIfPresent(userId);
        if (cached != null) return Future.succeededFuture(cached);
        Future<Optional<JsonNode>> stable = accountData.find(userId, "", STABLE);
        Future<Optional<JsonNode>> msc = accountData.find(userId, "", MSC4155);
        return Future.all(stable, msc).map(ok -> {
            Configs c = new Configs(stable.result(), msc.result());
            configs.put(userId, c);
            return c;
        });
    }

    /** MSC4155's order; anything malformed (a list that is not a list, an entry that is not a string) matches nothing. */
    static Decision evaluate(JsonNode c, String inviter) {
        if (!c.isObject() || c.path("enabled").isBoolean() && !c.path("enabled").asBoolean()) return Decision.ALLOW;
        String server = serverOf(inviter);
        if (matchesAny(c.path("allowed_users"), inviter)) return Decision.ALLOW;
        if (matchesAny(c.path("ignored_users"), inviter)) return Decision.IGNORE;
        if (matchesAny(c.path("blocked_users"), inviter)) return Decision.BLOCK;
        if (matchesAny(c.path("allowed_servers"), server)) return Decision.ALLOW;
        if (matchesAny(c.path("ignored_servers"), server)) return Decision.IGNORE;
        if (matchesAny(c.path("blocked_servers"), server)) return Decision.BLOCK;
        return Decision.ALLOW;
    }

    private static boolean matchesAny(JsonNode globs, String value) {
        if (value == null || !globs.isArray()) return false;
        for (JsonNode g : globs) if (g.isTextual() && Glob.matchesWhole(g.asText(), value)) return true;
        return false;
    }

    private static boolean matchesAny(List<String> globs, String value) {
        if (value == null) return false;
        for (String g : globs) if (Glob.matchesWhole(g, value)) return true;
        return false;
    }

    /** The server name of a user id without its port, as server ACLs match. */
    static String serverOf(String userId) {
        int colon = userId.indexOf(':');
        if (colon < 0) return null;
        String server = userId.substring(colon + 1);
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            return end > 0 ? server.substring(0, end + 1) : server;
        }
        int port = server.lastIndexOf(':');
        return port > 0 ? server.substring(0, port) : server;
    }
}
