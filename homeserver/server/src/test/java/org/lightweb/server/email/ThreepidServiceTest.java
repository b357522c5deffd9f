package org.lightweb.server.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig.Rate;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.storage.accounts.Threepid;
import org.lightweb.storage.accounts.ThreepidRepository;

class ThreepidServiceTest {
    /** Remembers the sessions asked for; every request is a new session. Only what the service's sending uses. */
    private static final class SessionsOnly implements ThreepidRepository {
        final List<NewValidation> requested = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();

        @Override public Future<Void> forgetSendAttempt(String sessionId) {
            forgotten.add(sessionId);
            return Future.succeededFuture();
        }

        @Override public Future<Optional<UserId>> owner(String medium, String address) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override public Future<ValidationRequest> requestValidation(NewValidation v) {
            requested.add(v);
            return Future.succeededFuture(new ValidationRequest(new ValidationSession(v.sessionId(), v.medium(),
                    v.address(), v.clientSecret(), v.purpose(), v.nextLink(), v.expiresTs(), null), true));
        }

        @Override public Future<List<Threepid>> list(UserId user) { throw new UnsupportedOperationException(); }
        @Override public Future<Boolean> bind(UserId user, Threepid t) { throw new UnsupportedOperationException(); }
        @Override public Future<Boolean> unbind(UserId u, String m, String a) { throw new UnsupportedOperationException(); }
        @Override public Future<Optional<ValidationSession>> findValidation(String s, String c) { throw new UnsupportedOperationException(); }
        @Override public Future<Boolean> submitValidationToken(String s, String c, String h, long n) { throw new UnsupportedOperationException(); }
        @Override public Future<Integer> deleteExpired(long now) { throw new UnsupportedOperationException(); }
    }

    private final SessionsOnly repo = new SessionsOnly();
    private final List<Mailer.Message> sent = new ArrayList<>();

    private ThreepidService service(Mailer mailer) {
        return new ThreepidService(repo, Optional.ofNullable(mailer), new ValidationEmails("kaslo.example", "https://m.kaslo.example/"),
                Duration.ofMinutes(30), true, new RateLimiter(false, () -> 1_000L), new Rate(1, 1), () -> 1_000L);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ThreepidService.TokenRequest request(String email) {
        return new ThreepidService.TokenRequest(email, "secret", 1, null, "127.0.0.1");
    }

    @Test
    void requestShouldStoreOnlyTheHashOfTheEmailedTokenWhenSending() throws Exception {
        var result = await(service(m -> { sent.add(m); return Future.succeededFuture(); })
                .requestEmailToken(ThreepidService.Purpose.REGISTER, request(" Kim@Example.ORG")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).to()).isEqualTo("kim@example.org");
        String token = sent.get(0).text().replaceAll("(?s).*[?&]token=([A-Za-z0-9]+).*", "$1");
        assertThat(repo.requested.get(0).tokenHash()).isEqualTo(Secrets.sha256Hex(token)).isNotEqualTo(token);
        assertThat(repo.requested.get(0).expiresTs()).isEqualTo(1_000L + 30 * 60_000);
        assertThat(sent.get(0).text()).contains("sid=" + result.sid());
        assertThat(result.submitUrl()).isEqualTo("https://m.kaslo.example/_lightweb/client/v1/email/submit_token");
    }

    @Test
    void requestShouldFailWithUnknownWhenTheSmtpServerRefuses() {
        Future<?> f = service(m -> Future.failedFuture("550 no")).requestEmailToken(ThreepidService.Purpose.REGISTER,
                request("kim@example.org"));
        assertThatThrownBy(() -> await(f)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(500));
        // The failed send does not count: the same send_attempt will send again.
        assertThat(repo.forgotten).containsExactly(repo.requested.get(0).sessionId());
    }

    @Test
    void requestShouldFailWithThreepidDeniedWhenNoMailerIsConfigured() {
        Future<?> f = service(null).requestEmailToken(ThreepidService.Purpose.REGISTER, request("kim@example.org"));
        assertThatThrownBy(() -> await(f)).cause().isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.errcode().name()).isEqualTo("M_THREEPID_MEDIUM_NOT_SUPPORTED"));
        assertThat(repo.requested).isEmpty();
    }

    @Test
    void normaliseEmailShouldTrimAndLowerCaseWhenAddressIsSane() {
        assertThat(ThreepidService.normaliseEmail("  Kim.O'Neil+tag@Mail.Example.ORG\t")).isEqualTo("kim.o'neil+tag@mail.example.org");
    }

    @Test
    void normaliseEmailShouldRefuseWhenShapeIsNotAnAddress() {
        for (String bad : List.of("", "kim", "kim@", "@example.org", "kim@@example.org", "kim@exa mple.org",
                "kim@example.org\nBcc: x@y.z", "kim@-example.org", "<kim@example.org>", "kim@example.org,x@y.z",
                "k".repeat(65) + "@example.org")) {
            assertThatThrownBy(() -> ThreepidService.normaliseEmail(bad)).as(bad).isInstanceOfSatisfying(
                    MatrixException.class, e -> assertThat(e.errcode().name()).isEqualTo("M_INVALID_PARAM"));
        }
    }

    @Test
    void checkClientSecretShouldFollowTheSpecGrammar() {
        ThreepidService.checkClientSecret("monkeys_are_GREAT.=-1");
        ThreepidService.checkClientSecret("x".repeat(255));
        for (String bad : List.of("", "x".repeat(256), "a b", "a/b", "ü")) {
            assertThatThrownBy(() -> ThreepidService.checkClientSecret(bad)).as(bad).isInstanceOf(MatrixException.class);
        }
    }

    @Test
    void checkNextLinkShouldAcceptOnlyAbsoluteHttpUrls() {
        ThreepidService.checkNextLink(null);
        ThreepidService.checkNextLink("https://app.example/done");
        ThreepidService.checkNextLink("HTTP://app.example:8080/x?y=1");
        for (String bad : List.of("javascript:alert(1)", "file:///etc/passwd", "/relative", "https://", "not a url")) {
            assertThatThrownBy(() -> ThreepidService.checkNextLink(bad)).as(bad).isInstanceOf(MatrixException.class);
        }
    }
}
