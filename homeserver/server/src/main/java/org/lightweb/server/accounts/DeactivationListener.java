package org.lightweb.server.accounts;

import io.vertx.core.Future;
import org.lightweb.core.UserId;

/** Told when an account is deactivated, so other features can let go of the user (rooms, pushers, keys). */
public interface DeactivationListener {
    Future<Void> onDeactivated(UserId user, boolean erase);
}
