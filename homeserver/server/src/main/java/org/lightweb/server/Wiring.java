package org.lightweb.server;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.UserId;
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
import org.lightweb.server.e2ee.E2eeFeature;
import org.lightweb.server.e2ee.OneTimeKeyCounts;
import org.lightweb.server.e2ee.RemoteKeys;
import org.lightweb.server.email.Mailer;
import org.lightweb.server.email.ThreepidRoutes;
import org.lightweb.server.email.ThreepidService;
import org.lightweb.server.email.ValidationEmails;
import org.lightweb.server.email.VertxMailer;
import org.lightweb.server.federation.FederationRoutes;
import org.lightweb.server.federation.keys.KeysFeature;
import org.lightweb.server.federation.query.QueryRoutes;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.openid.OpenIdRoutes;
import org.lightweb.server.openid.OpenIdTokens;
import org.lightweb.server.voip.TurnRoutes;
import org.lightweb.server.media.MediaFeature;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.messages.MessagesRoutes;
import org.lightweb.server.profile.ProfileRoutes;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.push.NotificationRoutes;
import org.lightweb.server.push.Notifications;
import org.lightweb.server.push.PushProcessor;
import org.lightweb.server.push.PushRuleRoutes;
import org.lightweb.server.push.PushRuleService;
import org.lightweb.server.push.PushRulesSync;
import org.lightweb.server.push.Threads;
import org.lightweb.server.push.UnreadCounts;
import org.lightweb.server.push.gateway.PusherWiring;
import org.lightweb.server.reports.EventReportAdminRoutes;
import org.lightweb.server.reports.ReportRoutes;
import org.lightweb.server.reports.ReportService;
import org.lightweb.storage.reports.JooqReportRepository;
import org.lightweb.storage.reports.ReportRepository;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.relations.RelationRoutes;
import org.lightweb.server.relations.RelationsModule;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventFactory;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.MembershipRoutes;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomCreation;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.rooms.RoomReadRoutes;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.server.rooms.RoomRoutes;
import org.lightweb.server.rooms.RoomUpgrades;
import org.lightweb.server.rooms.RoomVersions;
import org.lightweb.server.rooms.UpgradeRoutes;
import org.lightweb.server.rooms.hierarchy.HierarchyFeature;
import org.lightweb.server.rooms.hierarchy.RemoteHierarchy;
import org.lightweb.server.search.SearchFeature;
import io.vertx.core.Future;
import org.lightweb.server.sync.AccountData;
import org.lightweb.server.sync.AccountDataRoutes;
import org.lightweb.server.sync.FilterRoutes;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.RoomSections;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncRoutes;
import org.lightweb.server.sync.SyncService;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.sliding.AccountDataExtension;
import org.lightweb.server.sync.sliding.Connections;
import org.lightweb.server.sync.sliding.E2eeExtension;
import org.lightweb.server.sync.sliding.EphemeralExtension;
import org.lightweb.server.sync.sliding.Extensions;
import org.lightweb.server.sync.sliding.RoomLists;
import org.lightweb.server.sync.sliding.RoomResults;
import org.lightweb.server.sync.sliding.SlidingRequest;
import org.lightweb.server.sync.sliding.SlidingSyncRoutes;
import org.lightweb.server.sync.sliding.SlidingSyncService;
import org.lightweb.server.sync.sliding.ToDeviceExtension;
import org.lightweb.server.rooms.directory.AliasService;
import org.lightweb.server.rooms.directory.CanonicalAliasCheck;
import org.lightweb.server.rooms.directory.DirectoryRoutes;
import org.lightweb.server.rooms.directory.PublicRoomsRoutes;
import org.lightweb.server.rooms.directory.PublicRoomsService;
import org.lightweb.server.rooms.directory.RoomListPermission;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.server.sync.presence.PresenceRoutes;
import org.lightweb.server.sync.presence.PresenceRules;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.presence.PresenceSync;
import org.lightweb.server.sync.receipts.ReadMarkers;
import org.lightweb.server.sync.receipts.ReceiptRoutes;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.receipts.ReceiptSync;
import org.lightweb.server.sync.tags.TagRoutes;
import org.lightweb.server.sync.tags.Tags;
import org.lightweb.server.sync.todevice.ToDeviceRoutes;
import org.lightweb.server.sync.todevice.ToDeviceService;
import org.lightweb.server.sync.todevice.ToDeviceSync;
import org.lightweb.server.sync.typing.TypingRoutes;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.Db;
import org.lightweb.storage.Streams;
import org.lightweb.storage.push.JooqPushActionRepository;
import org.lightweb.storage.push.JooqPushRuleRepository;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.UnreadCountCache;
import org.lightweb.storage.sync.JooqAccountDataRepository;
import org.lightweb.storage.sync.JooqDeviceInboxRepository;
import org.lightweb.storage.sync.JooqDeviceListRepository;
import org.lightweb.storage.sync.JooqPresenceRepository;
import org.lightweb.storage.sync.JooqReceiptRepository;
import org.lightweb.storage.sync.JooqFilterRepository;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.rooms.StoredEvent;
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
import org.lightweb.storage.accounts.TokenOwnerCache;
import org.lightweb.storage.accounts.UiAuthRepository;
import org.lightweb.server.userdirectory.UserDirectoryFeature;

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

    final RoomEvents roomEvents;
    private final EventRepository eventRepository;
    final StreamHeads heads = new StreamHeads();
    final LocalNotifier localNotifier;
    /** Wakes long-polls: {@link #localNotifier}, or in a cluster the one that also tells the other processes. */
    final org.lightweb.server.sync.Notifier notifier;
    /** This process as one of a clustered node's (cluster.enabled), else null. */
    final org.lightweb.server.cluster.ClusterFeature cluster;
    final SyncService sync;
    final AccountData accountData;
    final List<RouteGroup> syncRoutes;
    final List<RouteGroup> pushRoutes;
    final PresenceService presence;
    final PusherWiring pushers;
    final TypingService typing;
    final DeviceLists deviceLists;
    final E2eeFeature e2ee;
    final DeviceRepository announcedDevices;
    final SlidingSyncRoutes slidingSyncRoutes;
    final List<RouteGroup> searchRoutes;
    final MediaFeature media;
    final UserDirectoryFeature userDirectory;
    /** The longest a /sync or sliding sync request waits for news, whatever timeout it asks for. */
    static final long SYNC_MAX_TIMEOUT_MS = 5 * 60_000L;
    private final Db db;
    final RoomRoutes roomRoutes;
    final RoomReadRoutes roomReadRoutes;
    final RelationRoutes relationRoutes;
    final MembershipRoutes membershipRoutes;
    final UpgradeRoutes upgradeRoutes;
    final RoomRepository roomRepo;
    /** OpenID tokens: issued on the client listener, checked by third parties on the federation listener. */
    private final OpenIdTokens openIdTokens = new OpenIdTokens(100_000);
    private final RoomCaches roomCaches;
    final DirectoryRoutes directoryRoutes;
    final PublicRoomsRoutes publicRoomsRoutes;
    final MessagesRoutes messagesRoutes;
    /** Federation keys, trust and transport: the FederationClient, the KeyRing, key routes, X-Matrix checks. */
    final KeysFeature federationKeys;
    /** Federation sending (the outbound queue, fan-out of local events) and inbound EDUs. */
    final org.lightweb.server.federation.send.FederationSendFeature federationSend;
    /** Federation receiving (remote PDUs into rooms, /send, the read endpoints, backfill). */
    final org.lightweb.server.federation.events.FederationEventsFeature federationEvents;
    /** Membership over federation: make/send join, leave, knock, invites, both sides. */
    final org.lightweb.server.federation.membership.MembershipFeature federationMemberships;
    /** Membership over federation reaches these (and the federation listener serves queries with them). */
    final MembershipService memberships;
    final AliasService aliasService;
    final PublicRoomsService publicRoomsService;
    final RouteGroup federationHierarchy;
    /** Application services: registrations, transactions, as_token identity, the ping and admin routes. */
    final org.lightweb.server.appservice.AppserviceFeature appservices;
    private final org.lightweb.server.federation.ServerBlocks serverBlocks;
    private final org.lightweb.server.admin.AdminFederationRoutes adminFederationRoutes;
    /** The admin bot, started in the node's process once the listeners are up. */
    final org.lightweb.server.appservice.AdminBotFeature adminBot;
    /** The operator's plugins, and their routes on both listeners. */
    final org.lightweb.server.plugins.PluginHost plugins;
    private final org.lightweb.server.plugins.PluginHttp pluginHttp;
    /** Synapse's admin API subset: users, rooms, media. */
    private final org.lightweb.server.admin.AdminFeature adminApi;

    public Wiring(Vertx vertx, Db db, HomeserverConfig config, SigningKey signingKey, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.cpu = vertx.createSharedWorkerExecutor("lightweb-cpu", Math.max(2, Runtime.getRuntime().availableProcessors()));
        federationKeys = new KeysFeature(vertx, db, config, signingKey, cpu, clock);

        boolean clustered = config.cluster().enabled();
        cluster = clustered ? new org.lightweb.server.cluster.ClusterFeature(vertx, config) : null;
        org.lightweb.storage.cache.CacheBus cacheBus = clustered ? cluster.bus() : org.lightweb.storage.cache.CacheBus.LOCAL;
        TokenOwnerCache tokenOwners = new TokenOwnerCache(config.tokenCacheEntries()).share(cacheBus);
        accountRepo = tokenOwners.accounts(new JooqAccountRepository(db, clock));
        deviceRepo = tokenOwners.devices(new JooqDeviceRepository(db, clock));
        threepidRepo = new JooqThreepidRepository(db);
        registrationTokenRepo = new JooqRegistrationTokenRepository(db);
        uiAuthRepo = new JooqUiAuthRepository(db);

        var pw = config.passwords();
        Passwords passwords = new Passwords(new PasswordHasher(pw.argon2MemoryKib(), pw.argon2Iterations(),
                pw.argon2Parallelism()), cpu, pw.minimumLength());
        SessionFactory sessions = new SessionFactory(clock, config.refreshableTokenLifetime(), config.serverName());
        limiter = new RateLimiter(config.rateLimits().enabled(), clock);
        authenticator = new Authenticator(deviceRepo, clock);
        profiles = new ProfileService(config.serverName(), accountRepo, new JooqProfileRepository(db), config.limits());
        profiles.setRemote(new org.lightweb.server.federation.query.RemoteProfiles(federationKeys.client(),
                config.federationClient().profileCacheTtl(), config.federationClient().profileCacheEntries()));

        // Rooms
        var roomsConfig = config.rooms();
        // The caches the writers keep right know only this process's writes: a clustered node goes without them.
        roomCaches = clustered ? new RoomCaches(0, 0, 0, 0) : new RoomCaches(roomsConfig.changeCacheRooms(),
                roomsConfig.membershipCacheUsers(), roomsConfig.recentEventsRooms(), roomsConfig.recentEventsPerRoom());
        EventRepository eventRepo = new JooqEventRepository(db, clock,
                new StateGroups(roomsConfig.stateSnapshotInterval(), roomsConfig.stateCacheEntries()),
                roomsConfig.eventCacheEntries(), roomCaches).share(cacheBus);
        eventRepository = eventRepo;
        roomRepo = new JooqRoomRepository(db, roomCaches);
        RoomVersions roomVersions = new RoomVersions(roomRepo);
        AuthRules authRules = new AuthRules(SignatureChecker.withKeys(
                Map.of(config.serverName().value(), Map.of(signingKey.keyId(), signingKey.publicKey()))));
        EventFactory eventFactory = new EventFactory(config.serverName(), signingKey, authRules, clock);
        roomEvents = new RoomEvents(eventRepo, roomVersions, eventFactory, new RoomLinearizer(), clock);
        roomEvents.setSendBatchMax(roomsConfig.sendBatchMax());
        Aliases aliases = new Aliases(config.serverName(), roomRepo, clock);
        memberships = new MembershipService(config.serverName(), roomEvents, roomRepo, profiles);
        profiles.addListener(memberships);
        RoomCreation creation = new RoomCreation(config.serverName(), roomEvents, roomRepo, aliases, profiles,
                RoomVersion.of(roomsConfig.defaultVersion()).orElseThrow(),
                (sender, roomId, target, isDirect) -> memberships.invite(sender, roomId, target, null, isDirect),
                RoomCreation.EncryptionByDefault.of(roomsConfig.encryptionByDefault()));
        // Account data (with the ignore lists every read path consults) and the notifier that wakes syncs
        localNotifier = new LocalNotifier(vertx, heads);
        notifier = clustered ? cluster.notifier(localNotifier, heads) : localNotifier;
        var accountDataRepo = new JooqAccountDataRepository(db);
        accountData = new AccountData(accountDataRepo, heads, notifier);
        IgnoredUsers ignoredUsers = new IgnoredUsers(accountData, config.history().ignoredListsCacheEntries());
        RelationsModule relations = new RelationsModule(db, eventRepo, ignoredUsers, roomCaches);
        ClientEvents clientEvents = new ClientEvents(eventRepo, roomVersions, config.serverName(), clock, relations.bundler());
        // One visibility checker (it keeps what it has parsed) for every read path.
        EventVisibility visibility = new EventVisibility(eventRepo);
        RoomReads reads = new RoomReads(eventRepo, roomRepo, visibility);
        relationRoutes = relations.routes(roomEvents, reads, clientEvents, visibility, authenticator, config.relations());
        roomRoutes = new RoomRoutes(creation, roomEvents, authenticator);
        roomReadRoutes = new RoomReadRoutes(reads, clientEvents, authenticator);
        membershipRoutes = new MembershipRoutes(memberships, aliases, authenticator);
        upgradeRoutes = new UpgradeRoutes(new RoomUpgrades(config.serverName(), roomEvents, creation, roomRepo, eventRepo,
                aliases, profiles), authenticator);

        // Sync
        this.db = db;
        roomEvents.addListener((roomId, stored) -> {
            stored.forEach(e -> heads.advance(SyncToken.Stream.EVENTS, e.streamOrdering()));
            notifier.roomChanged(roomId);
            notifier.usersChanged(stored.stream().filter(e -> e.membership() != null).map(e -> e.stateKey()).toList());
        });
        var filterRepo = new JooqFilterRepository(db);
        RoomSections sections = new RoomSections(eventRepo, clientEvents, visibility, ignoredUsers);
        var invitePermissions = new org.lightweb.server.messages.InvitePermissions(accountData, ignoredUsers,
                config.invites().blockedServers(), config.history().ignoredListsCacheEntries());
        memberships.setInviteGate(invitePermissions::enforce);
        creation.setInviteGate(invitePermissions::enforce);
        sections.setInvitePermissions(invitePermissions);
        sync = new SyncService(eventRepo, roomRepo, sections, heads, notifier);
        // Backfill over federation: bound late, the receiving side is built at the end (it needs the sender).
        messagesRoutes = MessagesRoutes.create(eventRepo, roomRepo, clientEvents, visibility, ignoredUsers, config.history(),
                authenticator, this::backfillOverFederation);
        sync.addContributor(accountData);
        roomEvents.addCheck(new CanonicalAliasCheck(aliases, eventRepo));
        RoomListPermission roomListPermission = new RoomListPermission(roomRepo, roomEvents);
        aliasService = new AliasService(config.serverName(), aliases, roomRepo, eventRepo, roomEvents, roomListPermission);
        directoryRoutes = new DirectoryRoutes(aliasService, authenticator);
        publicRoomsService = new PublicRoomsService(config.serverName(), roomRepo, eventRepo, roomListPermission);
        publicRoomsRoutes = new PublicRoomsRoutes(publicRoomsService, authenticator);

        // Push rules, unread counts, /notifications
        var pushConfig = config.push();
        UnreadCountCache unreadCountCache = new UnreadCountCache(clustered ? 0 : pushConfig.unreadCacheEntries());
        PushActionRepository pushActions = new JooqPushActionRepository(db, unreadCountCache);
        PushRuleService pushRules = new PushRuleService(new JooqPushRuleRepository(db), accountData,
                pushConfig.maxRulesPerUser(), pushConfig.rulesCacheEntries());
        PushProcessor pushProcessor = new PushProcessor(roomEvents, roomRepo, pushRules, pushActions, new Threads(eventRepo),
                config.serverName(), cpu, pushConfig.evaluationBatchSize(), pushConfig.writeBatchRows(), clock);
        roomEvents.addProcessor(pushProcessor);
        pushProcessor.setInviteFilter(invitePermissions::shown);
        pushers = new PusherWiring(vertx, db, config.pushers(), pushProcessor, pushActions, eventRepo, threepidRepo,
                authenticator, clock);
        PushRulesSync pushRulesSync = new PushRulesSync(pushRules, accountData);
        UnreadCounts unreadCounts = new UnreadCounts(pushActions);
        sync.addContributor(pushRulesSync);
        sync.addContributor(unreadCounts);
        pushRoutes = new java.util.ArrayList<>(List.of(new PushRuleRoutes(pushRules, authenticator),
                new NotificationRoutes(new Notifications(pushActions, eventRepo, clientEvents), authenticator,
                        pushConfig.notificationsMaxLimit())));
        pushRoutes.addAll(pushers.routes());
        ReportRepository reportRepo = new JooqReportRepository(db);
        pushRoutes.add(new ReportRoutes(new ReportService(reportRepo, roomRepo, reads, accountRepo, config.serverName(),
                limiter, config.reports(), clock), authenticator));
        pushRoutes.add(new EventReportAdminRoutes(reportRepo, eventRepo, authenticator, config.reports().adminMaxLimit()));

        // What sync carries besides timelines: typing, receipts and read markers, presence, tags, to-device,
        // device lists. Each is a SyncContributor; presence also hears every sync start and end.
        var eph = config.ephemeral();
        var presenceRepo = new JooqPresenceRepository(db);
        presence = new PresenceService(eph.presenceEnabled(), new PresenceRules(eph.presenceIdleAfter().toMillis(),
                eph.presenceOfflineAfter().toMillis(), eph.presenceActiveWindow().toMillis()), presenceRepo, roomRepo,
                heads, notifier, clock, vertx);
        roomEvents.addListener((roomId, stored) -> stored.stream().map(StoredEvent::sender).distinct()
                .filter(s -> UserId.parse(s).map(u -> u.isLocalTo(config.serverName())).orElse(false))
                .forEach(presence::active));
        typing = new TypingService(vertx, roomRepo, heads, notifier, clock, eph.typingMaxTimeout().toMillis());
        var receiptRepo = new JooqReceiptRepository(db, unreadCountCache);
        ReceiptService receipts = new ReceiptService(receiptRepo, reads, eventRepo, heads, notifier, clock);
        var inbox = new JooqDeviceInboxRepository(db);
        ToDeviceService toDevice = new ToDeviceService(config.serverName(), deviceRepo, inbox, heads, notifier);
        deviceLists = new DeviceLists(new JooqDeviceListRepository(db), roomRepo, heads, notifier);
        ReceiptSync receiptSync = new ReceiptSync(receiptRepo);
        ToDeviceSync toDeviceSync = new ToDeviceSync(inbox, eph.toDeviceMaxPerSync());
        sync.addContributor(typing);
        sync.addContributor(receiptSync);
        sync.addContributor(new PresenceSync(presence, presenceRepo));
        sync.addContributor(toDeviceSync);
        sync.addContributor(deviceLists);
        e2ee = new E2eeFeature(db, config.serverName(), deviceLists,
                new org.lightweb.server.federation.query.FederatedRemoteKeys(federationKeys.client()), clock,
                config.e2ee().maxKeysPerUpload());
        OneTimeKeyCounts keyCounts = e2ee.syncCounts();
        sync.addContributor(keyCounts);
        syncRoutes = List.of(new SyncRoutes(sync, filterRepo, authenticator, SYNC_MAX_TIMEOUT_MS, presence),
                new FilterRoutes(filterRepo, authenticator), new AccountDataRoutes(accountData, authenticator),
                new TypingRoutes(typing, presence, authenticator),
                new ReceiptRoutes(receipts, new ReadMarkers(receipts, accountData), presence, authenticator),
                new PresenceRoutes(presence, authenticator), new TagRoutes(new Tags(accountData), authenticator),
                new ToDeviceRoutes(toDevice, authenticator));
        // Simplified sliding sync (MSC4186), on the same streams as /sync: each extension reads its stream through
        // the SyncContributor that serves it in /sync.
        var ss = config.slidingSync();
        Extensions extensions = new Extensions(List.of(
                new AccountDataExtension(accountData, List.of(accountData, pushRulesSync)),
                EphemeralExtension.receipts(receiptSync), EphemeralExtension.typing(typing),
                new ToDeviceExtension(toDeviceSync), new E2eeExtension(List.of(deviceLists, keyCounts))));
        RoomResults roomResults = new RoomResults(eventRepo, roomRepo, visibility, sections, clientEvents,
                unreadCounts::mainTimeline, ignoredUsers);
        SlidingSyncService slidingSync = new SlidingSyncService(new RoomLists(roomRepo, eventRepo, accountDataRepo, ignoredUsers),
                roomResults, extensions, new Connections(ss.connectionCacheEntries(), ss.connectionTtl()), eventRepo,
                roomRepo, heads, notifier, clock);
        slidingSyncRoutes = new SlidingSyncRoutes(slidingSync, authenticator, new SlidingRequest.Limits(ss.maxLists(),
                ss.maxRanges(), ss.maxRoomSubscriptions(), ss.maxTimelineLimit()), SYNC_MAX_TIMEOUT_MS);

        // Search, the user directory, space hierarchies
        userDirectory = UserDirectoryFeature.wire(db, config.serverName(), roomEvents, eventRepo, profiles, authenticator,
                config.search().userDirectoryMaxLimit());
        searchRoutes = List.of(
                SearchFeature.routes(db, eventRepo, roomRepo, clientEvents, visibility, authenticator, config.search()),
                userDirectory.routes(),
                HierarchyFeature.routes(eventRepo, roomRepo,
                        new org.lightweb.server.federation.query.FederatedHierarchy(config.serverName(), federationKeys.client()),
                        authenticator,
                        config.search().hierarchyMaxLimit(), config.search().hierarchyMaxDepth()));

        federationHierarchy = HierarchyFeature.federationRoutes(eventRepo, roomRepo);

        media = new MediaFeature(vertx, db, config.serverName(), config.media(), federationKeys.client(), authenticator, clock);

        accounts = new AccountService(config.serverName(), accountRepo, threepidRepo, registrationTokenRepo, passwords,
                sessions, List.of(e2ee, memberships, pushers.service()));
        // Device deletions and renames reach the device-list stream (end-to-end encryption)
        announcedDevices = new org.lightweb.server.e2ee.AnnouncedDevices(deviceRepo, deviceLists);
        logins = new LoginService(config.serverName(), accountRepo, announcedDevices, threepidRepo, passwords, sessions,
                limiter, config.rateLimits());
        uiAuth = new UiAuth(uiAuthRepo, Stages.all(accounts, registrationTokenRepo, threepidRepo, clock), clock,
                config.registration().uiAuthSessionLifetime());
        mailer = config.email().map(e -> VertxMailer.create(vertx, e, config.serverName().host()));
        threepids = new ThreepidService(threepidRepo, mailer,
                new ValidationEmails(config.serverName().toString(), config.publicBaseUrl()),
                config.email().map(HomeserverConfig.Email::validationTokenLifetime).orElse(Duration.ofHours(1)),
                config.registration().enabled(), limiter, config.rateLimits().threepidRequests(), clock);
        federationSend = new org.lightweb.server.federation.send.FederationSendFeature(vertx, db, config,
                federationKeys.client(),
                new org.lightweb.server.federation.send.FederationSendFeature.Services(roomEvents, eventRepo, roomRepo, deviceRepo,
                        typing, receipts, presence, deviceLists, toDevice), clock);
        federationEvents = new org.lightweb.server.federation.events.FederationEventsFeature(db, clock,
                config.serverName().value(), eventRepo, roomRepo, roomEvents, federationKeys.keyRing(),
                federationKeys.client(), federationSend.inboundEdus(), cpu, config.federationReceive());
        federationMemberships = new org.lightweb.server.federation.membership.MembershipFeature(config.serverName(),
                signingKey, db, roomCaches, clock, roomEvents, roomRepo, memberships, aliasService, federationKeys.client(),
                federationEvents.events(), federationKeys.keyRing());

        appservices = new org.lightweb.server.appservice.AppserviceFeature(vertx, db, config, clock, authenticator,
                accountRepo, accounts, logins, aliases, roomRepo, eventRepo, clientEvents, () -> heads.current().events());
        roomEvents.addListener(appservices.sender());
        if (clustered) {   // what each process keeps in memory, changed through another
            e2ee.keys().share(cluster.bus());
            accountData.share(cluster.bus());   // ignore lists, invite permissions and push rules follow account data
            typing.share(cluster.bus());
            presence.share(cluster.bus());
            appservices.registry().share(cluster.bus());
        }
        appservices.hearEphemeral(typing, receipts, presence, roomRepo);
        appservices.answerQueries(profiles, aliases);
        adminBot = new org.lightweb.server.appservice.AdminBotFeature(vertx, config, appservices, accountRepo, accounts);
        // Blocked servers (admin API, admin bot): the client never reaches them, nothing is queued for them, their
        // requests are refused.
        var federationAdmin = new org.lightweb.storage.federation.JooqFederationAdminRepository(db);
        serverBlocks = new org.lightweb.server.federation.ServerBlocks(federationAdmin, clock);
        if (clustered) serverBlocks.share(cluster.bus());
        federationKeys.enforce(serverBlocks);
        federationSend.enforce(serverBlocks);
        adminFederationRoutes = new org.lightweb.server.admin.AdminFederationRoutes(config.serverName().value(), federationAdmin,
                new org.lightweb.storage.federation.JooqFederationQueueRepository(db), federationSend.sender(),
                serverBlocks, authenticator, config.adminApi().maxLimit());
        adminApi = new org.lightweb.server.admin.AdminFeature(new org.lightweb.server.admin.AdminFeature.Parts(db,
                config.serverName(), config.adminApi(), accounts, profiles, threepidRepo, announcedDevices, roomRepo, eventRepo,
                roomEvents, creation, memberships, roomCaches, media, authenticator, clock));

        // Plugins: last, since they stand on every service; their vetoes and listeners see every local send
        plugins = new org.lightweb.server.plugins.PluginHost(vertx, config.plugins(),
                new org.lightweb.server.plugins.NodeServices(new org.lightweb.server.plugins.NodeServices.Parts(
                        config.serverName(), accountRepo, profiles, roomRepo, eventRepo, roomEvents, creation, memberships,
                        aliases, federationKeys.client(), new org.lightweb.storage.admin.JooqAdminRepository(db)),
                        config.plugins().requestTimeout()), db);
        roomEvents.setVeto(plugins.veto());
        roomEvents.addListener(plugins.listener());
        if (cluster != null) {
            cluster.standBy(new org.lightweb.server.cluster.ClusterFeature.LeaderWork(federationSend, appservices, pushers, plugins),
                    roomEvents);
        }
        pluginHttp = new org.lightweb.server.plugins.PluginHttp(plugins);
    }

    /** The client listener's route groups. */
    public List<RouteGroup> clientRoutes() {
        boolean email = config.email().isPresent();
        Optional<SharedSecretRegistration> sharedSecret = config.registration().sharedSecret()
                .map(s -> new SharedSecretRegistration(s, Duration.ofMinutes(1)));
        List<RouteGroup> groups = new java.util.ArrayList<>(List.of(
                org.lightweb.server.http.RateLimitRoutes.client(limiter, config.rateLimits(), authenticator),
                new DiscoveryRoutes(config.publicBaseUrl(), config.wellKnownServer(), email, config.rooms().defaultVersion(),
                        authenticator),
                new RegisterRoutes(config, accounts, uiAuth, registrationTokenRepo, limiter, clock)
                        .withAppservices(appservices.registry()),
                new LoginRoutes(logins, authenticator),
                new AccountRoutes(accounts, uiAuth, authenticator, email),
                new DeviceRoutes(announcedDevices, uiAuth, authenticator, config.limits().maxDisplayNameLength()),
                new ProfileRoutes(profiles, authenticator),
                new ThreepidRoutes(threepids, uiAuth, authenticator),
                new AdminRoutes(sharedSecret, accounts, registrationTokenRepo, authenticator, clock),
                roomRoutes, roomReadRoutes, relationRoutes, membershipRoutes, upgradeRoutes, directoryRoutes,
                publicRoomsRoutes, messagesRoutes));
        groups.add(new OpenIdRoutes(openIdTokens, config.serverName(), authenticator));
        groups.add(new TurnRoutes(config.turn(), authenticator, clock));
        groups.addAll(syncRoutes);
        groups.addAll(pushRoutes);
        groups.add(slidingSyncRoutes);
        groups.addAll(searchRoutes);
        groups.addAll(media.routes());
        groups.addAll(e2ee.routes(uiAuth, authenticator));
        groups.add(new org.lightweb.server.ops.HealthRoutes(db));
        groups.add(appservices.routes());
        groups.addAll(adminApi.routes());
        groups.add(adminFederationRoutes);
        groups.add(new org.lightweb.server.plugins.PluginAdminRoutes(plugins, authenticator));
        groups.add(pluginHttp.clientRoutes(authenticator));   // last: a plugin never shadows a route of the node
        return groups;
    }

    private Future<Boolean> backfillOverFederation(String roomId, int limit) {
        return federationEvents.remoteHistory().backfill(roomId, limit);
    }

    /** The federation listener's route groups. */
    public List<RouteGroup> federationRoutes() {
        List<RouteGroup> groups = new java.util.ArrayList<>(federationKeys.routes());   // X-Matrix check first
        groups.add(org.lightweb.server.http.RateLimitRoutes.federation(limiter, config.rateLimits()));
        groups.addAll(List.of(new FederationRoutes(config.wellKnownServer()), OpenIdRoutes.userInfo(openIdTokens),
                new QueryRoutes(config.serverName(), profiles, aliasService, e2ee.keys(),
                        new org.lightweb.storage.federation.JooqFederationEduRepository(db)::announcedDeviceStream),
                PublicRoomsRoutes.federation(publicRoomsService), federationHierarchy, federationEvents.routes(),
                federationMemberships.routes(), media.federationRoutes()));
        groups.add(pluginHttp.federationRoutes(federationKeys.xMatrix()));   // last, as on the client listener
        return groups;
    }

    /** Loads what must be in memory before the node answers: the stream heads. */
    public Future<Void> start() {
        boolean clustered = cluster != null;
        List<String> names = java.util.Arrays.stream(SyncToken.Stream.values()).map(StreamHeads::dbName)
                .filter(java.util.Objects::nonNull).toList();
        return new Streams(db).positions(names).map(positions -> {
            for (SyncToken.Stream s : SyncToken.Stream.values()) {
                String n = StreamHeads.dbName(s);
                if (n != null) heads.advance(s, positions.get(n));
            }
            roomCaches.start(heads.current().events());
            return null;
        }).compose(v -> presence.start()).compose(v -> userDirectory.start())
                .compose(v -> clustered ? Future.<Void>succeededFuture() : federationSend.start())
                .onSuccess(v -> {
                    if (!clustered) pushers.start();
                })
                .compose(v -> serverBlocks.start())
                .compose(v -> appservices.start(!clustered))
                .compose(v -> plugins.start())
                .onSuccess(v -> {
                    if (clustered) cluster.start();
                });
    }

    public AccountService accounts() { return accounts; }

    public RegistrationTokenRepository registrationTokens() { return registrationTokenRepo; }

    public UiAuthRepository uiAuthSessions() { return uiAuthRepo; }

    public ThreepidRepository threepids() { return threepidRepo; }

    /** The stored events (tests read the graph of what sends stored). */
    public EventRepository events() { return eventRepository; }

    /** Where the end-to-end encryption issue reports device list changes ({@link DeviceLists#changed}). */
    public DeviceLists deviceLists() { return deviceLists; }

    /** Signed outbound server-server requests. */
    public org.lightweb.server.federation.client.FederationClient federationClient() { return federationKeys.client(); }

    /** Other servers' verify keys. */
    public org.lightweb.server.federation.keys.KeyRing keyRing() { return federationKeys.keyRing(); }

    /** The outbound federation queue: PDUs and EDUs for other servers. */
    public org.lightweb.server.federation.send.FederationSender federationSender() { return federationSend.sender(); }

    /** Where {@code PUT /send/{txnId}} hands the EDUs it received. */
    public org.lightweb.server.federation.send.InboundEdus inboundEdus() { return federationSend.inboundEdus(); }

    /** The operator's plugins. */
    public org.lightweb.server.plugins.PluginHost plugins() { return plugins; }

    /** The node's own figures for the metrics listener. */
    public void registerMetrics(org.lightweb.server.ops.NodeMetrics m) {
        var queue = new org.lightweb.storage.federation.JooqFederationQueueRepository(db);
        m.pools(db.database());
        m.gauge("lightweb_sync_waiting", "Syncs (long-polls) waiting for news", localNotifier::waiting);
        m.gauge("lightweb_appservices", "Appservices registered", () -> appservices.registry().all().size());
        m.gauge("lightweb_plugins_started", "Plugins running",
                () -> plugins.list().stream().filter(p -> p.state() == org.lightweb.server.plugins.PluginHost.State.STARTED).count());
        m.refreshedGauge("lightweb_users", "Local accounts", accountRepo::countUsers);
        m.refreshedGauge("lightweb_federation_destinations_queued", "Destinations with transactions waiting",
                () -> queue.destinationsWithRows().map(d -> (long) d.size()));
        m.refreshedGauge("lightweb_federation_destinations_failing", "Destinations backing off after failures",
                () -> queue.retryStates().map(d -> (long) d.size()));
        m.gauge("lightweb_stream_position_events", "The event stream's head", () -> heads.current().events());
    }

    /** Application services. */
    public org.lightweb.server.appservice.AppserviceFeature appservices() { return appservices; }

    /** What starts once the node answers, not waited for by the start: the admin bot, which talks to the client listener. */
    public Future<Void> afterListening(int clientPort) {
        return adminBot.start(clientPort);
    }

    public void close() {
        if (cluster != null) cluster.close();
        adminBot.stop();
        plugins.close();
        appservices.close();
        federationKeys.close();
        federationSend.close();
        typing.close();
        presence.close();
        pushers.close();
        mailer.ifPresent(Mailer::close);
        cpu.close();
    }
}
