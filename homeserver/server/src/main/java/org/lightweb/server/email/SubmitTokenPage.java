package org.lightweb.server.email;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The small pages a browser sees after following a validation link. */
final class SubmitTokenPage {
    private SubmitTokenPage() {}

    static void success(RoutingContext ctx) {
        write(ctx, 200, "Email address confirmed",
                "Your email address has been confirmed. You can close this page and go back to your app.");
    }

    static void failure(RoutingContext ctx, String reason) {
        write(ctx, 400, "This link did not work",
                reason + " Ask your app to send a new email, and follow the link in the newest one.");
    }

    /** A browser-only redirect after a successful validation, to the client's next_link. */
    static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, location)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("Referrer-Policy", "no-referrer").end();
    }

    private static void write(RoutingContext ctx, int status, String title, String text) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + ValidationEmails.escape(title)
                + "</title></head><body style=\"font-family: sans-serif\"><h1>" + ValidationEmails.escape(title)
                + "</h1><p>" + ValidationEmails.escape(text) + "</p></body></html>";
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(html);
    }
}
