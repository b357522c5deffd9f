package org.lightweb.server.email;

import io.vertx.core.Future;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig.Rate;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.storage.accounts.Threepid;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.accounts.ThreepidRepository.NewValidation;
import org.lightweb.storage.accounts.ThreepidRepository.ValidationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email addresses as third-party ids: validation sessions (a token emailed, only its SHA-256 kept), and the
 * addresses bound to accounts. The rules of the spec's requestToken endpoints live here; no HTTP.
 */
public final class ThreepidService {
    private static final Logger log = LoggerFactory.getLogger(ThreepidService.class);

    public static final String EMAIL = "email";
    private static final Pattern CLIENT_SECRET = Pattern.compile("[0-9a-zA-Z.=_-]{1,255}");
    /** A dot-atom local part and a DNS host name, ASCII only, as mail servers accept without SMTPUTF8. */
    private static final Pattern EMAIL_SHAPE = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
            + "@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_EMAIL_LENGTH = 254;

    /** Why an address is being validated; stored with the session and checked where it is used. */
    public enum Purpose {
        REGISTER("register"), ADD_THREEPID("add_threepid"), PASSWORD_RESET("password_reset");

        public final String value;

        Purpose(String value) { this.value = value; }
    }

    /** A requestToken body, plus the client's address for the rate limit. */
    public record TokenRequest(String email, String clientSecret, int sendAttempt, String nextLink, String clientAddress) {}

    /** The requestToken response. */
    public record TokenSent(String sid, String submitUrl) {}

    /** The outcome of a submitted token: where to send the browser next, if the client asked for it. */
    public record Submission(boolean success, Optional<String> nextLink) {}

    private final ThreepidRepository threepids;
    private final Optional<Mailer> mailer;
    private final ValidationEmails emails;
    private final Duration tokenLifetime;
    private final boolean registrationEnabled;
    private final RateLimiter limiter;
    private final Rate rate;
    private final Clock clock;

    public ThreepidService(ThreepidRepository threepids, Optional<Mailer> mailer, ValidationEmails emails,
                           Duration tokenLifetime, boolean registrationEnabled, RateLimiter limiter, Rate rate, Clock clock) {
        this.threepids = threepids;
        this.mailer = mailer;
        this.emails = emails;
        this.tokenLifetime = tokenLifetime;
        this.registrationEnabled = registrationEnabled;
        this.limiter = limiter;
        this.rate = rate;
        this.clock = clock;
    }

    /**
     * Starts (or continues) a validation session for an email address and emails the link, unless this
     * send_attempt was seen already for the address and client_secret: then the same sid and no email.
     */
    public Future<TokenSent> requestEmailToken(Purpose purpose, TokenRequest r) {
        String address;
        try {
            requireEmail();
            if (purpose == Purpose.REGISTER && !registrationEnabled) {
                throw MatrixException.forbidden("Registration has been disabled");
            }
            checkClientSecret(r.clientSecret());
            address = normaliseEmail(r.email());
            checkNextLink(r.nextLink());
            // Per client, and per address so that many clients cannot flood one mailbox.
            limiter.take("threepid_requests", r.clientAddress(), rate);
            limiter.take("threepid_requests_to", address, rate);
        } catch (MatrixException e) {
            return Future.failedFuture(e);
        }
        return threepids.owner(EMAIL, address)
                .compose(owner -> checkOwner(purpose, owner))
                .compose(v -> startSession(purpose, address, r))
                .map(sid -> new TokenSent(sid, emails.submitUrl()));
    }

    /** Fails with 400 M_THREEPID_MEDIUM_NOT_SUPPORTED (spec: requestToken) when email.smtp_host is unset. */
    public void requireEmail() {
        if (mailer.isEmpty()) throw new MatrixException(400, ErrCode.M_THREEPID_MEDIUM_NOT_SUPPORTED, "This server does not send email: email addresses cannot be added or used");
    }

    private static Future<Void> checkOwner(Purpose purpose, Optional<UserId> owner) {
        if (purpose == Purpose.PASSWORD_RESET && owner.isEmpty()) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_NOT_FOUND, "Email not found"));
        }
        if (purpose != Purpose.PASSWORD_RESET && owner.isPresent()) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_IN_USE, "Email is already in use"));
        }
        return Future.succeededFuture();
    }

    private Future<String> startSession(Purpose purpose, String address, TokenRequest r) {
        String token = Secrets.randomString(32);
        long now = clock.millis();
        NewValidation v = new NewValidation(Secrets.randomString(24), EMAIL, address, r.clientSecret(), purpose.value,
                Secrets.sha256Hex(token), r.sendAttempt(), r.nextLink(), now, now + tokenLifetime.toMillis());
        return threepids.requestValidation(v).compose(req -> {
            String sid = req.session().sessionId();
            if (!req.send()) {
                log.debug("validation email not sent again [purpose: {}, sid: {}, send_attempt: {}]", purpose.value, sid,
                        r.sendAttempt());
                return Future.succeededFuture(sid);
            }
            Mailer.Message message = emails.compose(purpose, address, emails.link(sid, r.clientSecret(), token), token,
                    tokenLifetime);
            return mailer.orElseThrow().send(message)
                    .map(sent -> {
                        log.info("validation email sent [purpose: {}, sid: {}]", purpose.value, sid);
                        return sid;
                    })
                    .recover(err -> {
                        log.error("could not send validation email [purpose: {}, sid: {}]: {}", purpose.value, sid,
                                err.getMessage());
                        // Not sent, so not attempted: a retry with the same send_attempt must send (as Synapse).
                        return threepids.forgetSendAttempt(sid).transform(ignored -> Future.failedFuture(
                                MatrixException.unknown("An error was encountered when sending the email")));
                    });
        });
    }

    /** Checks the emailed token; a session can be validated once and stays so until it expires. */
    public Future<Submission> submitToken(String sid, String clientSecret, String token) {
        try {
            checkClientSecret(clientSecret);
        } catch (MatrixException e) {
            return Future.failedFuture(e);
        }
        return threepids.submitValidationToken(sid, clientSecret, Secrets.sha256Hex(token), clock.millis())
                .compose(ok -> !ok ? Future.succeededFuture(new Submission(false, Optional.empty()))
                        : threepids.findValidation(sid, clientSecret)
                                .map(s -> new Submission(true, s.map(ValidationSession::nextLink))));
    }

    public Future<List<Threepid>> list(UserId user) {
        return threepids.list(user);
    }

    /** Binds the address of a validated add_threepid session to the user. */
    public Future<Void> add(UserId user, String clientSecret, String sid) {
        try {
            checkClientSecret(clientSecret);
        } catch (MatrixException e) {
            return Future.failedFuture(e);
        }
        return threepids.findValidation(sid, clientSecret).compose(found -> {
            Optional<ValidationSession> s = found.filter(v -> v.validatedTs() != null)
                    .filter(v -> v.purpose().equals(Purpose.ADD_THREEPID.value));
            if (s.isEmpty()) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_AUTH_FAILED,
                        "No validated 3pid session found"));
            }
            Threepid threepid = new Threepid(s.get().medium(), s.get().address(), s.get().validatedTs(), clock.millis());
            return threepids.bind(user, threepid);
        }).compose(bound -> {
            if (!bound) return Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_IN_USE, "Email is already in use"));
            log.info("third-party id added [user: {}, sid: {}]", user, sid);
            return Future.<Void>succeededFuture();
        });
    }

    /** Removes an address from the user's account; nothing to remove is no error (as in Synapse). */
    public Future<Void> delete(UserId user, String medium, String address) {
        String normalised = medium.equals(EMAIL) ? address.trim().toLowerCase(Locale.ROOT) : address;
        return threepids.unbind(user, medium, normalised).map(removed -> {
            if (removed) log.info("third-party id removed [user: {}, medium: {}]", user, medium);
            return null;
        });
    }

    /** The spec's grammar for client_secret: 400 M_INVALID_PARAM otherwise. */
    public static void checkClientSecret(String clientSecret) {
        if (!CLIENT_SECRET.matcher(clientSecret).matches()) {
            throw MatrixException.invalidParam("Invalid client_secret: it must match [0-9a-zA-Z.=_-]{1,255}");
        }
    }

    /** Trimmed and lower-cased, as stored and looked up; 400 M_INVALID_PARAM when it is not an address. */
    public static String normaliseEmail(String email) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        if (address.length() > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.matcher(address).matches()) {
            throw MatrixException.invalidParam("Invalid email address");
        }
        return address;
    }

    /** next_link must be an absolute http(s) URL: the browser is redirected there. */
    static void checkNextLink(String nextLink) {
        if (nextLink == null) return;
        try {
            URI uri = new URI(nextLink);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return;
        } catch (URISyntaxException e) {
            // falls through to the error
        }
        throw MatrixException.invalidParam("next_link must be an http(s) URL");
    }
}
