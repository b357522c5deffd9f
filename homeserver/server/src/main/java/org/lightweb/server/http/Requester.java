package org.lightweb.server.http;

import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.UserId;

/**
 * Who is making an authenticated request.
 *
 * @param deviceId     null for an appservice acting without {@code device_id}
 * @param appserviceId the appservice acting (as_token), or null for a user's own access token
 */
public record Requester(UserId userId, String deviceId, boolean guest, boolean admin, String accessTokenHash,
                        String appserviceId) {
    static final String KEY = "lightweb.requester";

    public Requester(UserId userId, String deviceId, boolean guest, boolean admin, String accessTokenHash) {
        this(userId, deviceId, guest, admin, accessTokenHash, null);
    }

    /** The device of the request for transaction ids: an appservice without device_id has one per appservice. */
    public String txnDevice() { return deviceId != null ? deviceId : "_appservice:" + appserviceId; }

    public static Requester of(RoutingContext ctx) {
        Requester r = ctx.get(KEY);
        if (r == null) throw new IllegalStateException("route has no authentication handler");
        return r;
    }
}
