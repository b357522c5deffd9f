package org.lightweb.server.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;
import org.lightweb.server.config.HomeserverConfig;

/** {@link Mailer} over SMTP with the Vert.x mail client, configured from the {@code email} section. */
public final class VertxMailer implements Mailer {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int IDLE_TIMEOUT_S = 30;

    private final MailClient client;
    private final String from;

    private VertxMailer(MailClient client, String from) {
        this.client = client;
        this.from = from;
    }

    /** @param ownHostname the name this node gives in EHLO (the host part of server_name) */
    public static VertxMailer create(Vertx vertx, HomeserverConfig.Email email, String ownHostname) {
        return new VertxMailer(MailClient.create(vertx, mailConfig(email, ownHostname)), email.from());
    }

    static MailConfig mailConfig(HomeserverConfig.Email email, String ownHostname) {
        MailConfig c = new MailConfig().setHostname(email.smtpHost()).setPort(email.smtpPort())
                .setOwnHostname(ownHostname).setMaxPoolSize(4);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setIdleTimeout(IDLE_TIMEOUT_S).setIdleTimeoutUnit(TimeUnit.SECONDS);
        // With TLS (either way) the mail client checks the server's certificate and host name (HTTPS rules)
        // unless told otherwise; leave its hostnameVerificationAlgorithm unset so it keeps doing so.
        switch (email.security()) {
            case "none" -> c.setSsl(false).setStarttls(StartTLSOptions.DISABLED);
            case "tls" -> c.setSsl(true).setStarttls(StartTLSOptions.DISABLED);
            default -> c.setSsl(false).setStarttls(StartTLSOptions.REQUIRED);
        }
        if (email.user().isPresent()) {
            c.setLogin(LoginOption.REQUIRED).setUsername(email.user().get()).setPassword(email.password().orElse(""));
        } else {
            c.setLogin(LoginOption.DISABLED);
        }
        return c;
    }

    @Override
    public Future<Void> send(Message message) {
        MailMessage mail = new MailMessage().setFrom(from).setTo(message.to()).setSubject(message.subject())
                .setText(message.text());
        if (message.html() != null) mail.setHtml(message.html());
        return client.sendMail(mail).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return client.close();
    }
}
