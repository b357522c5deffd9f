package org.lightweb.server.email;

import io.vertx.core.Future;

/** Sends the node's emails. An interface so a test or an embedding can put something else behind it. */
public interface Mailer {
    /** One plain-text email, with an optional HTML alternative (null for none). */
    record Message(String to, String subject, String text, String html) {}

    /** Succeeds once the SMTP server has accepted the message. */
    Future<Void> send(Message message);

    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
