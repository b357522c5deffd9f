package org.lightweb.server.federation.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.profile.ProfileService;

/**
 * Profiles of other servers' users, asked of their server ({@code /query/profile}) and kept for a short while
 * ({@code federation.profile_cache_ttl}), as Synapse does. The remote's 404 is relayed; other failures are 502.
 */
public final class RemoteProfiles implements ProfileService.Remote {
    private final FederationClient client;
    private final Cache<String, ObjectNode> cache;

    public RemoteProfiles(FederationClient client, Duration ttl, long entries) {
        this.client = client;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(entries).build();
    }

    @Override
    public Future<ObjectNode> profile(UserId user) {
        ObjectNode cached = cache.getIfPresent(user.toString());
        if (cached != null) return Future.succeededFuture(cached.deepCopy());
        String server = user.server().value();
        return client.get(server, "/_matrix/federation/v1/query/profile", Map.of("user_id", user.toString()))
                .recover(err -> Future.failedFuture(relayed(err, server)))
                .map(answer -> {
                    if (!answer.isObject()) throw new MatrixException(502, ErrCode.M_UNKNOWN, server + " answered no profile");
                    ObjectNode profile = (ObjectNode) answer;
                    cache.put(user.toString(), profile.deepCopy());
                    return profile;
                });
    }

    private static Throwable relayed(Throwable err, String server) {
        if (err instanceof FederationClient.RemoteError r && r.status() == 404) return MatrixException.notFound("Profile not found");
        if (err instanceof FederationClient.RemoteError || err instanceof FederationClient.Unreachable) {
            return new MatrixException(502, ErrCode.M_UNKNOWN, "Failed to reach " + server + ": " + err.getMessage());
        }
        return err;
    }
}
