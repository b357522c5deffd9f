package org.lightweb.storage.accounts;

import java.util.Optional;
import org.lightweb.core.UserId;

/**
 * Everything a registration stores, in one transaction: the user, its first display name, an optional validated
 * email, the registration token it consumed, and (unless login was inhibited) its first device and tokens.
 */
public record NewAccount(UserId userId, String passwordHash, boolean admin, boolean guest, String userType,
                         String appserviceId, String displayName, Optional<Threepid> threepid,
                         Optional<String> registrationToken, Optional<NewSession> session) {
}
