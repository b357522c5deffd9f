package org.lightweb.server.accounts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.NewSession;

/** Mints access and refresh tokens for a login, a registration or a refresh; stores only their hashes. */
public final class SessionFactory {
    private static final String DEVICE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Clock clock;
    private final Duration refreshableLifetime;
    private final ServerName serverName;

    public SessionFactory(Clock clock, Duration refreshableLifetime, ServerName serverName) {
        this.clock = clock;
        this.refreshableLifetime = refreshableLifetime;
        this.serverName = serverName;
    }

    /** A fresh session: the stored form, and the tokens to give the client exactly once. */
    public record Issued(NewSession stored, String accessToken, String refreshToken, Long expiresInMs) {}

    public Issued issue(String deviceId, String deviceDisplayName, boolean withRefreshToken, String ip, String userAgent) {
        String device = deviceId != null ? deviceId : newDeviceId();
        String access = Secrets.newToken("lwa_");
        String refresh = withRefreshToken ? Secrets.newToken("lwr_") : null;
        Long expiresIn = withRefreshToken ? refreshableLifetime.toMillis() : null;
        NewSession stored = new NewSession(device, deviceDisplayName, Secrets.sha256Hex(access),
                expiresIn == null ? null : clock.millis() + expiresIn,
                refresh == null ? null : Secrets.sha256Hex(refresh), ip, userAgent);
        return new Issued(stored, access, refresh, expiresIn);
    }

    /** The body of a login or registration response. */
    public Map<String, Object> loginResponse(UserId user, Issued issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", user.toString());
        body.put("access_token", issued.accessToken());
        body.put("device_id", issued.stored().deviceId());
        body.put("home_server", serverName.value());
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
            body.put("expires_in_ms", issued.expiresInMs());
        }
        return body;
    }

    /** Ten upper-case letters, as Synapse makes them. */
    public static String newDeviceId() {
        StringBuilder b = new StringBuilder(10);
        byte[] random = Secrets.randomBytes(10);
        for (byte r : random) b.append(DEVICE_ALPHABET.charAt((r & 0xff) % DEVICE_ALPHABET.length()));
        return b.toString();
    }
}
