package org.lightweb.plugin;

import java.util.Optional;

/** Local users. */
public interface Users {
    /** A user of this node, if it exists (deactivated users too, marked so). */
    Optional<User> find(String userId);

    /** Whether a user id belongs to this node. */
    boolean isLocal(String userId);

    /** A local user: {@code displayName} may be null. */
    record User(String userId, String displayName, boolean admin, boolean deactivated, boolean bot) {}
}
