package org.lightweb.storage;

/** The database could not be opened, migrated or reached. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
