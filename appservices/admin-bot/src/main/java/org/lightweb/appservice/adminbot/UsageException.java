package org.lightweb.appservice.adminbot;

/** The command line does not fit the command: the bot answers with the reason and the command's usage. */
public final class UsageException extends RuntimeException {
    public UsageException(String reason) { super(reason, null, false, false); }
}
