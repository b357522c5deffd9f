package org.lightweb.plugin;

import java.util.Optional;

/** Local users. */
public interface Users {
    /** A user of this node, if it exists (deactivated users too, marked so). */
    Optional<User> find(String userId);

    /** The node's server admins (active ones), by user id, sorted. Since SDK 1.1. */
    java.util.List<String> admins();

    /** Whether a user id belongs to this node. */
    boolean isLocal(String userId);

    /** A local user: {@code displayName} may be null. */
    record User(String userId, String displayName, boolean admin, boolean deactivated, boolean bot) {}
}
