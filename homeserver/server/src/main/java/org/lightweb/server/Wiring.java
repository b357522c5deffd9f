package org.lightweb.server;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.accounts.LoginService;
import org.lightweb.server.accounts.Passwords;
import org.lightweb.server.accounts.SessionFactory;
import org.lightweb.server.admin.AdminRoutes;
import org.lightweb.server.admin.SharedSecretRegistration;
import org.lightweb.server.auth.PasswordHasher;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.client.AccountRoutes;
import org.lightweb.server.client.DeviceRoutes;
import org.lightweb.server.client.DiscoveryRoutes;
import org.lightweb.server.client.LoginRoutes;
import org.lightweb.server.client.RegisterRoutes;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.email.Mailer;
import org.lightweb.server.email.ThreepidRoutes;
import org.lightweb.server.email.ThreepidService;
import org.lightweb.server.email.ValidationEmails;
import org.lightweb.server.email.VertxMailer;
import org.lightweb.server.federation.FederationRoutes;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.profile.ProfileRoutes;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.JooqAccountRepository;
import org.lightweb.storage.accounts.JooqDeviceRepository;
import org.lightweb.storage.accounts.JooqProfileRepository;
import org.lightweb.storage.accounts.JooqRegistrationTokenRepository;
import org.lightweb.storage.accounts.JooqThreepidRepository;
import org.lightweb.storage.accounts.JooqUiAuthRepository;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.accounts.UiAuthRepository;

/** Builds every repository, service and route group of a node, by constructor, in one place. */
public final class Wiring {
    final HomeserverConfig config;
    final Clock clock;
    final WorkerExecutor cpu;

    final AccountRepository accountRepo;
    final DeviceRepository deviceRepo;
    final ThreepidRepository threepidRepo;
    final RegistrationTokenRepository registrationTokenRepo;
    final UiAuthRepository uiAuthRepo;

    final RateLimiter limiter;
    final Authenticator authenticator;
    final AccountService accounts;
    final LoginService logins;
    final UiAuth uiAuth;
    final ProfileService profiles;
    final Optional<Mailer> mailer;
    final ThreepidService threepids;

    public Wiring(Vertx vertx, Db db, HomeserverConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.cpu = vertx.createSharedWorkerExecutor("lightweb-cpu", Math.max(2, Runtime.getRuntime().availableProcessors()));

        accountRepo = new JooqAccountRepository(db, clock);
        deviceRepo = new JooqDeviceRepository(db, clock);
        threepidRepo = new JooqThreepidRepository(db);
        registrationTokenRepo = new JooqRegistrationTokenRepository(db);
        uiAuthRepo = new JooqUiAuthRepository(db);

        var pw = config.passwords();
        Passwords passwords = new Passwords(new PasswordHasher(pw.argon2MemoryKib(), pw.argon2Iterations(),
                pw.argon2Parallelism()), cpu, pw.minimumLength());
        SessionFactory sessions = new SessionFactory(clock, config.refreshableTokenLifetime(), config.serverName());
        limiter = new RateLimiter(config.rateLimits().enabled(), clock);
        authenticator = new Authenticator(deviceRepo, clock);
        accounts = new AccountService(config.serverName(), accountRepo, threepidRepo, registrationTokenRepo, passwords,
                sessions, List.of());
        logins = new LoginService(config.serverName(), accountRepo, deviceRepo, threepidRepo, passwords, sessions,
                limiter, config.rateLimits());
        uiAuth = new UiAuth(uiAuthRepo, Stages.all(accounts, registrationTokenRepo, threepidRepo, clock), clock,
                config.registration().uiAuthSessionLifetime());
        profiles = new ProfileService(config.serverName(), accountRepo, new JooqProfileRepository(db), config.limits());
        mailer = config.email().map(e -> VertxMailer.create(vertx, e, config.serverName().host()));
        threepids = new ThreepidService(threepidRepo, mailer,
                new ValidationEmails(config.serverName().toString(), config.publicBaseUrl()),
                config.email().map(HomeserverConfig.Email::validationTokenLifetime).orElse(Duration.ofHours(1)),
                config.registration().enabled(), limiter, config.rateLimits().threepidRequests(), clock);
    }

    /** The client listener's route groups. */
    public List<RouteGroup> clientRoutes() {
        boolean email = config.email().isPresent();
        Optional<SharedSecretRegistration> sharedSecret = config.registration().sharedSecret()
                .map(s -> new SharedSecretRegistration(s, Duration.ofMinutes(1)));
        return List.of(
                new DiscoveryRoutes(config.publicBaseUrl(), config.wellKnownServer(), email, authenticator),
                new RegisterRoutes(config, accounts, uiAuth, registrationTokenRepo, limiter, clock),
                new LoginRoutes(logins, authenticator),
                new AccountRoutes(accounts, uiAuth, authenticator, email),
                new DeviceRoutes(deviceRepo, uiAuth, authenticator, config.limits().maxDisplayNameLength()),
                new ProfileRoutes(profiles, authenticator),
                new ThreepidRoutes(threepids, uiAuth, authenticator),
                new AdminRoutes(sharedSecret, accounts, registrationTokenRepo, authenticator, clock));
    }

    /** The federation listener's route groups. */
    public List<RouteGroup> federationRoutes() {
        return List.of(new FederationRoutes(config.wellKnownServer()));
    }

    public AccountService accounts() { return accounts; }

    public RegistrationTokenRepository registrationTokens() { return registrationTokenRepo; }

    public UiAuthRepository uiAuthSessions() { return uiAuthRepo; }

    public ThreepidRepository threepids() { return threepidRepo; }

    public void close() {
        mailer.ifPresent(Mailer::close);
        cpu.close();
    }
}
