package org.lightweb.storage.accounts;

/** A third-party id bound to an account. */
public record Threepid(String medium, String address, long validatedTs, long addedTs) {
}
