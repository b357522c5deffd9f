package org.lightweb.storage.accounts;

import org.lightweb.core.UserId;

/** Whom an access token belongs to, as needed by every authenticated request. */
public record TokenOwner(UserId userId, String deviceId, boolean guest, boolean admin, boolean deactivated,
                         Long expiresTs, String refreshTokenHash, boolean used) {
}
