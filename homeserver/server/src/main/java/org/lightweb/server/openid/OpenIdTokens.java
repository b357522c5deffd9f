package org.lightweb.server.openid;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.lightweb.core.Secrets;

/**
 * OpenID tokens (client-server API "OpenID"): a user asks for one and hands it to a third party (an integration
 * manager, a widget), which asks this server's federation listener who it belongs to. They prove identity only,
 * last {@link #LIFETIME}, and live in memory: a restart ends them, and the third party asks for a new one.
 */
public final class OpenIdTokens {
    static final Duration LIFETIME = Duration.ofHours(1);

    private final Cache<String, String> owners;

    public OpenIdTokens(long maximumTokens) {
        this.owners = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(LIFETIME).build();
    }

    /** A new token for the user. */
    public String issue(String userId) {
        String token = Secrets.randomString(32);
        owners.put(token, userId);
        return token;
    }

    public Optional<String> owner(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(owners.getIfPresent(token));
    }
}
