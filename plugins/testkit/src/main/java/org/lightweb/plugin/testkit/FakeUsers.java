package org.lightweb.plugin.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.plugin.Users;

/** Local users the test declares. */
public final class FakeUsers implements Users {
    private final String serverName;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    FakeUsers(String serverName) { this.serverName = serverName; }

    /** Adds (or replaces) a user. */
    public FakeUsers add(User user) {
        users.put(user.userId(), user);
        return this;
    }

    /** Adds an ordinary user with a display name (null for none). */
    public FakeUsers add(String userId, String displayName) {
        return add(new User(userId, displayName, false, false, false));
    }

    @Override public Optional<User> find(String userId) { return Optional.ofNullable(users.get(userId)); }

    @Override public java.util.List<String> admins() {
        return users.values().stream().filter(u -> u.admin() && !u.deactivated()).map(User::userId).sorted().toList();
    }

    @Override public boolean isLocal(String userId) { return userId != null && userId.endsWith(":" + serverName); }
}
