package org.lightweb.server.accounts;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.Threepid;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.accounts.UserRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, checking, changing and deactivating accounts. Knows nothing of HTTP. */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final ServerName serverName;
    private final AccountRepository accounts;
    private final ThreepidRepository threepids;
    private final RegistrationTokenRepository registrationTokens;
    private final Passwords passwords;
    private final SessionFactory sessions;
    private final List<DeactivationListener> deactivationListeners;

    public AccountService(ServerName serverName, AccountRepository accounts, ThreepidRepository threepids,
                          RegistrationTokenRepository registrationTokens,
                          Passwords passwords, SessionFactory sessions, List<DeactivationListener> deactivationListeners) {
        this.serverName = serverName;
        this.accounts = accounts;
        this.threepids = threepids;
        this.registrationTokens = registrationTokens;
        this.passwords = passwords;
        this.sessions = sessions;
        this.deactivationListeners = List.copyOf(deactivationListeners);
    }

    public ServerName serverName() { return serverName; }

    /** User ids that appservices hold exclusively: nobody else may register them (400 M_EXCLUSIVE). */
    private volatile java.util.function.Predicate<UserId> reserved = u -> false;

    public void setReservedUserIds(java.util.function.Predicate<UserId> reserved) { this.reserved = reserved; }

    /**
     * Turns a requested username into a local user id: lower-cased (as Synapse does), checked against the
     * grammar for new ids. Numeric names are kept for guests. Fails with 400 M_INVALID_USERNAME.
     */
    public UserId localUserId(String username) {
        String localpart = username.toLowerCase(Locale.ROOT);
        if (localpart.startsWith("@")) {
            UserId full = UserId.parse(localpart).orElseThrow(() -> invalidUsername("Invalid user ID"));
            if (!full.isLocalTo(serverName)) throw invalidUsername("User ID must be on this server");
            localpart = full.localpart();
        }
        if (!UserId.isValidNewLocalpart(localpart)) {
            throw invalidUsername("User ID can only contain characters a-z, 0-9, or '=_-./+'");
        }
        if (localpart.chars().allMatch(Character::isDigit)) throw invalidUsername("Numeric user IDs are reserved for guest users");
        UserId id = UserId.of(localpart, serverName);
        if (id.toString().getBytes(StandardCharsets.UTF_8).length > UserId.MAX_LENGTH) throw invalidUsername("User ID is too long");
        return id;
    }

    private static MatrixException invalidUsername(String msg) {
        return new MatrixException(400, ErrCode.M_INVALID_USERNAME, msg);
    }

    /** Fails with 400 M_WEAK_PASSWORD when the password breaks the policy. */
    public void checkPasswordPolicy(String password) {
        passwords.checkPolicy(password);
    }

    /** Succeeds with the id when the name is valid and was never taken; else M_INVALID_USERNAME / M_USER_IN_USE. */
    public Future<UserId> checkAvailable(String username) {
        UserId id;
        try {
            id = localUserId(username);
        } catch (MatrixException e) {
            return Future.failedFuture(e);
        }
        if (reserved.test(id)) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_EXCLUSIVE, "This user ID is reserved by an application service."));
        }
        return accounts.find(id).compose(existing -> existing.isPresent()
                ? Future.failedFuture(new MatrixException(400, ErrCode.M_USER_IN_USE, "User ID already taken."))
                : Future.succeededFuture(id));
    }

    /**
     * Registers a user of an appservice's namespace (spec: "Server admin style permissions"): no password, no UIA,
     * marked as the appservice's; logged in on a new device unless {@code inhibitLogin}. The caller checked the
     * namespace.
     */
    public Future<Map<String, Object>> registerForAppservice(UserId userId, String appserviceId, boolean inhibitLogin,
                                                             String deviceId, String deviceDisplayName, String ip, String ua) {
        SessionFactory.Issued issued = inhibitLogin ? null : sessions.issue(deviceId, deviceDisplayName, false, ip, ua);
        NewAccount account = new NewAccount(userId, null, false, false, null, appserviceId, userId.localpart(),
                Optional.empty(), Optional.empty(), Optional.ofNullable(issued).map(SessionFactory.Issued::stored));
        return accounts.register(account).compose(stored -> {
            if (!stored) return Future.failedFuture(new MatrixException(400, ErrCode.M_USER_IN_USE, "User ID already taken."));
            log.info("registered appservice user [user: {}, appservice: {}]", userId, appserviceId);
            return Future.succeededFuture(issued == null ? Map.<String, Object>of("user_id", userId.toString())
                    : sessions.loginResponse(userId, issued));
        });
    }

    /** What a registration asks for, once user-interactive auth passed. */
    public record Registration(String username, String password, boolean admin, String userType,
                               String displayName, Optional<Threepid> email, Optional<String> registrationToken,
                               boolean inhibitLogin, String deviceId, String deviceDisplayName, boolean refreshToken,
                               String ip, String userAgent) {}

    /**
     * Registers a user; answers the body of /register (user_id, and tokens unless login is inhibited). A null
     * password makes an account without password login.
     */
    public Future<Map<String, Object>> register(Registration r) {
        Future<UserId> id = (r.username() == null ? freshUserId() : checkAvailable(r.username()))
                .compose(userId -> emailUnbound(r).map(userId));
        // A null password (the admin API's create without one) leaves the account without password login.
        return id.compose(userId -> (r.password() == null ? Future.<String>succeededFuture(null)
                : passwords.hash(r.password())).compose(hash -> {
            SessionFactory.Issued issued = r.inhibitLogin() ? null
                    : sessions.issue(r.deviceId(), r.deviceDisplayName(), r.refreshToken(), r.ip(), r.userAgent());
            NewAccount account = new NewAccount(userId, hash, r.admin(), false, r.userType(), null,
                    r.displayName() != null ? r.displayName() : userId.localpart(), r.email(), r.registrationToken(),
                    Optional.ofNullable(issued).map(SessionFactory.Issued::stored));
            return accounts.register(account).compose(stored -> {
                if (!stored) {
                    Future<Void> release = r.registrationToken().map(registrationTokens::releasePending)
                            .orElse(Future.succeededFuture());
                    return release.compose(v -> Future.failedFuture(
                            new MatrixException(400, ErrCode.M_USER_IN_USE, "User ID already taken.")));
                }
                log.info("registered user [user: {}, admin: {}]", userId, r.admin());
                if (r.admin()) adminMade.forEach(l -> l.accept(userId));
                return Future.succeededFuture(issued == null ? Map.<String, Object>of("user_id", userId.toString())
                        : sessions.loginResponse(userId, issued));
            });
        }));
    }

    /**
     * The validated email of a registration must still be free: another account may have bound it since the
     * link was followed (as Synapse checks). Gives back the registration token use the session held.
     */
    private Future<Void> emailUnbound(Registration r) {
        if (r.email().isEmpty()) return Future.succeededFuture();
        Threepid email = r.email().get();
        return threepids.owner(email.medium(), email.address()).compose(owner -> {
            if (owner.isEmpty()) return Future.succeededFuture();
            Future<Void> release = r.registrationToken().map(registrationTokens::releasePending)
                    .orElse(Future.succeededFuture());
            return release.compose(v -> Future.failedFuture(
                    new MatrixException(400, ErrCode.M_THREEPID_IN_USE, "Email is already in use")));
        });
    }

    /** A guest account with a numeric localpart, logged in at once. */
    public Future<Map<String, Object>> registerGuest(String deviceDisplayName, boolean refreshToken, String ip, String ua) {
        return accounts.nextGuestNumber().compose(n -> {
            UserId userId = UserId.of(Long.toString(n), serverName);
            SessionFactory.Issued issued = sessions.issue(null, deviceDisplayName, refreshToken, ip, ua);
            NewAccount account = new NewAccount(userId, null, false, true, null, null, null, Optional.empty(),
                    Optional.empty(), Optional.of(issued.stored()));
            return accounts.register(account).compose(ok -> ok ? Future.succeededFuture(sessions.loginResponse(userId, issued))
                    : registerGuest(deviceDisplayName, refreshToken, ip, ua));   // a user took the number: next one
        });
    }

    private Future<UserId> freshUserId() {
        return checkAvailable("u" + Secrets.randomString(12).toLowerCase(Locale.ROOT))
                .recover(e -> e instanceof MatrixException m && m.errcode() == ErrCode.M_USER_IN_USE
                        ? freshUserId() : Future.failedFuture(e));
    }

    public Future<Optional<UserRecord>> find(UserId user) {
        return accounts.find(user);
    }

    /** True when the user exists, is active and {@code password} is theirs. */
    public Future<Boolean> checkPassword(UserId user, String password) {
        return accounts.find(user).compose(u -> u.isEmpty() || u.get().deactivated() ? Future.succeededFuture(false)
                : passwords.verify(password, u.get().passwordHash()));
    }

    /**
     * Sets a new password. With {@code logoutDevices}, every device but {@code keepDevice} is logged out (all of
     * them when {@code keepDevice} is null, as after a reset by email).
     */
    public Future<Void> changePassword(UserId user, String newPassword, String keepDevice, boolean logoutDevices) {
        return passwords.hash(newPassword).compose(hash -> accounts.setPassword(user, hash,
                logoutDevices ? keepDevice : null, logoutDevices && keepDevice == null))
                .onSuccess(v -> log.info("password changed [user: {}, logout_devices: {}]", user, logoutDevices));
    }

    public Future<Void> deactivate(UserId user, boolean erase) {
        Future<Void> chain = accounts.deactivate(user, erase);
        for (DeactivationListener l : deactivationListeners) chain = chain.compose(v -> l.onDeactivated(user, erase));
        return chain.onSuccess(v -> log.info("deactivated user [user: {}, erase: {}]", user, erase));
    }

    /** The user an address is bound to. */
    public Future<Optional<UserId>> ownerOf(String medium, String address) {
        return threepids.owner(medium, address);
    }

    public Future<Void> setAdmin(UserId user, boolean admin) {
        return accounts.setAdmin(user, admin).onSuccess(v -> {
            if (admin) adminMade.forEach(l -> l.accept(user));
        });
    }

    private final List<java.util.function.Consumer<UserId>> adminMade = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every user made a server admin here (registered as one, or promoted): the admin bot invites them. */
    public void onAdminMade(java.util.function.Consumer<UserId> listener) { adminMade.add(listener); }
}
