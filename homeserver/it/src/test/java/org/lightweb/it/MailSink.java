package org.lightweb.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 and a free port, emptied before each test. A node sends to it
 * once {@link #configure} has put it in the node's config.
 */
public final class MailSink implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/_lightweb/client/v1/email/submit_token\\?\\S+");
    private static final long WAIT_MS = 10_000;

    private final int port = freePort();
    private GreenMail greenMail;

    /** Points the node's email section at this sink, without TLS. */
    public void configure(ObjectNode config) {
        config.putObject("email").put("smtp_host", "127.0.0.1").put("smtp_port", port).put("security", "none")
                .put("from", "Lightweb <noreply@localhost>");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (greenMail != null) greenMail.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    /** Waits (bounded) until {@code count} emails have arrived since the test began, and returns them all. */
    public List<MimeMessage> await(int count) {
        if (!greenMail.waitForIncomingEmail(WAIT_MS, count)) {
            throw new AssertionError("expected " + count + " email(s) within " + WAIT_MS + " ms, got "
                    + greenMail.getReceivedMessages().length);
        }
        return received();
    }

    /**
     * Waits (bounded) for an email to {@code address} (compared as the node stores it: trimmed, lower-cased)
     * whose subject contains {@code subject}; answers the newest one.
     */
    public MimeMessage awaitTo(String address, String subject) {
        String to = address.trim().toLowerCase(Locale.ROOT);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            List<MimeMessage> all = received();
            for (int i = all.size() - 1; i >= 0; i--) {
                if (recipients(all.get(i)).contains(to) && subject(all.get(i)).contains(subject)) return all.get(i);
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) throw new AssertionError("no email to " + address + " about '" + subject + "' within " + WAIT_MS + " ms");
            greenMail.waitForIncomingEmail(left, all.size() + 1);
        }
    }

    /** What has arrived so far, without waiting. */
    public List<MimeMessage> received() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    public static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text/plain body. */
    public static String text(MimeMessage m) {
        try {
            return plainText(m.getContent());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String plainText(Object content) throws MessagingException, IOException {
        if (content instanceof String s) return s;
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) return (String) part.getContent();
            if (part.isMimeType("multipart/*")) return plainText(part.getContent());
        }
        throw new AssertionError("no text/plain part");
    }

    /** The validation link of an email, as path and query (the node's public_baseurl has port 0 in tests). */
    public static String linkPath(MimeMessage m) {
        Matcher matcher = LINK.matcher(text(m));
        if (!matcher.find()) throw new AssertionError("no validation link in: " + text(m));
        URI uri = URI.create(matcher.group());
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** The {@code token} parameter of the validation link. */
    public static String token(MimeMessage m) {
        String link = linkPath(m);
        for (String pair : link.substring(link.indexOf('?') + 1).split("&")) {
            if (pair.startsWith("token=")) return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
        throw new AssertionError("no token in link " + link);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
