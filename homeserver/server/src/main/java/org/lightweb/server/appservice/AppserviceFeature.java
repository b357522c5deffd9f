package org.lightweb.server.appservice;

import org.lightweb.appservice.kit.Registration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.lightweb.core.Clock;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.accounts.LoginService;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.UserRecord;
import org.lightweb.storage.appservice.JooqAppserviceRepository;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Application services, wired: the registry, as_token identity in the authenticator, registration and login for
 * their users, the namespaces they hold exclusively, the transactions pushed to them, and their routes.
 */
public final class AppserviceFeature {
    private final Appservices registry;
    private final AppserviceSender sender;
    private final AppserviceRoutes routes;

    public AppserviceFeature(Vertx vertx, Db db, HomeserverConfig config, Clock clock, Authenticator authenticator,
                             AccountRepository accountRepo, AccountService accounts, LoginService logins, Aliases aliases,
                             RoomRepository rooms, EventRepository events, ClientEvents clientEvents, LongSupplier head) {
        var settings = config.appservices();
        String server = config.serverName().value();
        JooqAppserviceRepository repo = new JooqAppserviceRepository(db);
        registry = new Appservices(server, settings.registrationFiles(), repo, clock);
        sender = new AppserviceSender(vertx, registry, repo, events, rooms, aliases, clientEvents, head,
                new AppserviceSender.Settings(settings.maxEventsPerTransaction(), settings.retryInitialBackoff(),
                        settings.retryMaxBackoff(), settings.requestTimeout()));
        routes = new AppserviceRoutes(registry, sender, authenticator, this::register);

        authenticator.setAppservices(new Authenticator.AppserviceTokens() {
            @Override
            public Optional<Authenticator.Asserter> byToken(String token) {
                return registry.byAsToken(token).map(r -> new Authenticator.Asserter() {
                    @Override public String id() { return r.id(); }

                    @Override public UserId sender() { return UserId.parse(r.senderUserId(server)).orElseThrow(); }

                    @Override public boolean rateLimited() { return r.rateLimited(); }

                    @Override public boolean mayActAs(UserId user) {
                        return user.isLocalTo(config.serverName()) && r.isInterestedInUser(user.toString(), server);
                    }
                });
            }

            @Override
            public Future<Optional<UserRecord>> account(UserId user) { return accountRepo.find(user); }
        });
        accounts.setReservedUserIds(u -> registry.exclusiveOwnerOfUser(u.toString()).isPresent());
        aliases.setReserved((alias, creator) -> registry.exclusiveOwnerOfAlias(alias)
                .map(owner -> !owner.isInterestedInUser(creator.toString(), server)).orElse(false));
        logins.setAppservices(registry);
        this.accountRepo = accountRepo;
        this.serverName = config.serverName();
    }

    /** Registers an appservice at runtime: stored, its own user created, its transactions started. */
    public Future<Registration> register(String yaml) {
        return registry.register(yaml).compose(r -> ensureSender(r).map(r));
    }

    /** Adds the node's own appservice (the admin bot) for this run: its user created, its transactions started. */
    public Future<Registration> addBuiltin(Registration r) {
        registry.addBuiltin(r);
        return ensureSender(r).map(r);
    }

    private final AccountRepository accountRepo;
    private final org.lightweb.core.ServerName serverName;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AppserviceFeature.class);

    /** Creates the appservice's own user (sender_localpart) if it does not exist: its requests act as it. */
    private Future<Void> ensureSender(Registration r) {
        UserId sender = UserId.of(r.senderLocalpart(), serverName);
        return accountRepo.find(sender).compose(found -> {
            if (found.isPresent()) {
                if (!r.id().equals(found.get().appserviceId())) {
                    log.warn("appservice sender is an existing user not registered by it [appservice: {}, user: {}]", r.id(), sender);
                }
                return Future.<Void>succeededFuture();
            }
            return accountRepo.register(new org.lightweb.storage.accounts.NewAccount(sender, null, false, false, null, r.id(),
                    r.senderLocalpart(), Optional.empty(), Optional.empty(), Optional.empty())).mapEmpty();
        });
    }

    /**
     * A local user or alias nobody has yet, in an appservice's namespace: the node asks the appservices whose
     * namespace it is ({@code GET /_matrix/app/v1/users/{userId}}, {@code /rooms/{alias}}) and looks again if one
     * answers 200 (spec: "Querying", the bridge creates it on demand).
     */
    public void answerQueries(org.lightweb.server.profile.ProfileService profiles, Aliases aliases) {
        String server = registry.serverName();
        profiles.setUnknownUserQuery(user -> askEach(registry.all().stream().map(Appservices.Entry::registration)
                .filter(r -> r.url() != null && r.isInterestedInUser(user.toString())).toList(), 0,
                r -> sender.client().queryUser(r, user.toString())));
        aliases.setUnknownAliasQuery(alias -> askEach(registry.all().stream().map(Appservices.Entry::registration)
                .filter(r -> r.url() != null && r.isInterestedInAlias(alias)).toList(), 0,
                r -> sender.client().queryAlias(r, alias)));
    }

    private static Future<Boolean> askEach(java.util.List<Registration> asked, int i,
                                           java.util.function.Function<Registration, Future<AppserviceClient.Answer>> ask) {
        if (i >= asked.size()) return Future.succeededFuture(false);
        return ask.apply(asked.get(i)).compose(a -> a.ok() ? Future.succeededFuture(true) : askEach(asked, i + 1, ask));
    }

    /** Typing, receipts and presence reach the appservices that asked for ephemeral data. */
    public void hearEphemeral(org.lightweb.server.sync.typing.TypingService typing,
                              org.lightweb.server.sync.receipts.ReceiptService receipts,
                              org.lightweb.server.sync.presence.PresenceService presence, RoomRepository rooms) {
        AppserviceEphemeral ephemeral = new AppserviceEphemeral(registry, sender, typing, rooms);
        typing.addListener(ephemeral);
        receipts.addListener(ephemeral);
        presence.addListener(ephemeral);
    }

    public Appservices registry() { return registry; }

    public AppserviceSender sender() { return sender; }

    public RouteGroup routes() { return routes; }

    /** Loads the registrations made at runtime, then sends each appservice what it missed. */
    public Future<Void> start() { return start(true); }

    /** Loads the registrations; {@code deliver}: and starts sending transactions (in a cluster, only the leader does). */
    public Future<Void> start(boolean deliver) {
        return registry.start()
                .compose(v -> Future.all(registry.all().stream().map(e -> ensureSender(e.registration())).toList()))
                .onSuccess(v -> {
                    if (deliver) sender.start();
                }).mapEmpty();
    }

    public void close() { sender.close(); }
}
