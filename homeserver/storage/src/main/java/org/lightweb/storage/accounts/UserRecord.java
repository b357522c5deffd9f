package org.lightweb.storage.accounts;

import org.lightweb.core.UserId;

/** One row of {@code users}. */
public record UserRecord(UserId userId, String passwordHash, long createdTs, boolean admin, boolean guest,
                         String userType, boolean deactivated, String appserviceId) {
}
