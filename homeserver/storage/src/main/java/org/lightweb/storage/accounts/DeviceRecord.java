package org.lightweb.storage.accounts;

import org.lightweb.core.UserId;

/** One row of {@code devices}. */
public record DeviceRecord(UserId userId, String deviceId, String displayName, long createdTs, Long lastSeenTs,
                           String lastSeenIp, String lastSeenUserAgent) {
}
