package org.lightweb.plugin.contacts;

import org.lightweb.plugin.PluginConfig;

/** The plugin's section of homeserver.yaml, {@code plugins.config.contact-sync}. */
public record ContactSyncSettings(long maxVcardBytes, long maxCardsPerBook, long maxBooksPerUser, long maxAppPasswordsPerUser) {
    public static final long DEFAULT_MAX_VCARD_BYTES = 1024 * 1024;

    /** Reads and checks the section; unknown keys and wrong values are refused naming the key. */
    public static ContactSyncSettings from(PluginConfig config) {
        config.allowOnly("max_vcard_bytes", "max_cards_per_book", "max_books_per_user", "max_app_passwords_per_user");
        return new ContactSyncSettings(
                config.integer("max_vcard_bytes", DEFAULT_MAX_VCARD_BYTES, 256, 64L * 1024 * 1024),
                config.integer("max_cards_per_book", 10_000, 1, 10_000_000),
                config.integer("max_books_per_user", 50, 1, 10_000),
                config.integer("max_app_passwords_per_user", 50, 1, 10_000));
    }
}
