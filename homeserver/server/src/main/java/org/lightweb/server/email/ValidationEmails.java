package org.lightweb.server.email;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The validation emails: their links, subjects and bodies (plain text with a simple HTML alternative). */
public final class ValidationEmails {
    /** Where the emailed link points (GET) and where clients may post the token (POST, the submit_url). */
    public static final String SUBMIT_PATH = "/_lightweb/client/v1/email/submit_token";

    private final String serverName;
    private final String publicBaseUrl;

    /** @param publicBaseUrl public_baseurl, ending in '/' */
    public ValidationEmails(String serverName, String publicBaseUrl) {
        this.serverName = serverName;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
    }

    /** The submit_url of requestToken responses. */
    public String submitUrl() {
        return publicBaseUrl + SUBMIT_PATH.substring(1);
    }

    /** The link the user follows to prove they read the email. */
    public String link(String sid, String clientSecret, String token) {
        return submitUrl() + "?sid=" + encode(sid) + "&client_secret=" + encode(clientSecret) + "&token=" + encode(token);
    }

    public Mailer.Message compose(ThreepidService.Purpose purpose, String to, String link, String token, Duration lifetime) {
        String why = switch (purpose) {
            case REGISTER -> "Someone asked to register a Matrix account on " + serverName + " with this email address.";
            case ADD_THREEPID -> "Someone asked to add this email address to a Matrix account on " + serverName + ".";
            case PASSWORD_RESET -> "Someone asked to reset the password of the Matrix account on " + serverName
                    + " that has this email address. Confirming lets them choose a new password and logs the"
                    + " account out of every device.";
        };
        String subject = "[" + serverName + "] "
                + (purpose == ThreepidService.Purpose.PASSWORD_RESET ? "Password reset" : "Validate your email");
        String valid = "The link works for " + humanise(lifetime) + ". If this was not you, ignore this email:"
                + " nothing will change.";
        String text = why + "\n\n"
                + "If this was you, open this link to confirm:\n\n" + link + "\n\n"
                + "If your app asks for a code instead, enter: " + token + "\n\n"
                + valid + "\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif\">"
                + "<p>" + escape(why) + "</p>"
                + "<p>If this was you, <a href=\"" + escape(link) + "\">confirm this email address</a>.</p>"
                + "<p>If your app asks for a code instead, enter: <code>" + escape(token) + "</code></p>"
                + "<p>" + escape(valid) + "</p>"
                + "</body></html>";
        return new Mailer.Message(to, subject, text, html);
    }

    static String humanise(Duration d) {
        long s = d.toSeconds();
        if (s >= 86_400 && s % 86_400 == 0) return plural(s / 86_400, "day");
        if (s >= 3_600 && s % 3_600 == 0) return plural(s / 3_600, "hour");
        if (s >= 60 && s % 60 == 0) return plural(s / 60, "minute");
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
