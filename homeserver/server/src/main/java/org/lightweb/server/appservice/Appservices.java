package org.lightweb.server.appservice;

import org.lightweb.appservice.kit.Registration;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.server.config.ConfigException;
import org.lightweb.storage.appservice.AppserviceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appservices this node knows: those of {@code appservices.registration_files} (checked at start: a bad file
 * stops the node with one line naming it), those registered at runtime (the admin API, kept in the database), and
 * the node's own (the admin bot). Ids and as_tokens are unique across all of them.
 */
public final class Appservices {
    private static final Logger log = LoggerFactory.getLogger(Appservices.class);

    /** Where a registration came from: only runtime ones may be removed at runtime. */
    public enum Origin { FILE, RUNTIME, BUILTIN }

    /** A registration and where it came from. */
    public record Entry(Registration registration, Origin origin) {}

    private final String serverName;
    private final AppserviceRepository repo;
    private final Clock clock;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Registration>> added = new CopyOnWriteArrayList<>();

    public Appservices(String serverName, List<Path> files, AppserviceRepository repo, Clock clock) {
        this.serverName = serverName;
        this.repo = repo;
        this.clock = clock;
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                add(new Entry(Registration.parse(Files.readString(file)), Origin.FILE));
            } catch (IOException e) {
                problems.add("key 'appservices.registration_files': cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add("key 'appservices.registration_files': " + file + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    /** Loads the registrations made at runtime. A stored one that no longer parses is logged and skipped. */
    public Future<Void> start() {
        return repo.registrations().map(stored -> {
            for (var s : stored) {
                try {
                    add(new Entry(Registration.parse(s.yaml()), Origin.RUNTIME));
                } catch (IllegalArgumentException e) {
                    log.error("appservice registration skipped [id: {}]: {}", s.id(), e.getMessage());
                }
            }
            log.info("appservices [count: {}]", entries.size());
            return null;
        });
    }

    /** The other processes of a clustered node (see {@link #share}); none alone. */
    private volatile org.lightweb.server.cluster.ClusterBus others = null;
    private static final String BUS_ADDRESS = "lightweb.appservices";

    /**
     * In a clustered node: an appservice registered or removed at runtime through one process is (un)known to
     * every process at once, so its as_token works everywhere and the leader sends it transactions.
     */
    public void share(org.lightweb.server.cluster.ClusterBus bus) {
        bus.listen(BUS_ADDRESS, m -> {
            if (m.containsKey("registered")) {
                try {
                    Registration r = Registration.parse(m.getString("registered"));
                    add(new Entry(r, Origin.RUNTIME));
                    added.forEach(l -> l.accept(r));
                } catch (IllegalArgumentException e) {
                    log.warn("appservice registered by another process skipped: {}", e.getMessage());
                }
            } else if (m.containsKey("unregistered")) {
                String id = m.getString("unregistered");
                entries.removeIf(x -> x.origin() == Origin.RUNTIME && x.registration().id().equals(id));
            }
        });
        others = bus;
    }

    private void tellOthers(io.vertx.core.json.JsonObject change) {
        if (others != null) others.tell(BUS_ADDRESS, change);
    }

    /** Called with every registration added after the start (so its transactions begin). */
    public void onAdded(java.util.function.Consumer<Registration> listener) { added.add(listener); }

    private synchronized void add(Entry e) {
        Registration r = e.registration();
        for (Entry other : entries) {
            if (other.registration().id().equals(r.id())) throw new IllegalArgumentException("an appservice with id '" + r.id() + "' exists");
            if (other.registration().asToken().equals(r.asToken())) {
                throw new IllegalArgumentException("appservice " + r.id() + " has the as_token of appservice " + other.registration().id());
            }
        }
        entries.add(e);
    }

    /** Adds the node's own appservice (the admin bot), not stored: the node makes it at every start. */
    public void addBuiltin(Registration r) {
        add(new Entry(r, Origin.BUILTIN));
        added.forEach(l -> l.accept(r));
    }

    /** Takes the node's own appservice out again (its bot did not start). */
    public void removeBuiltin(String id) {
        entries.removeIf(e -> e.origin() == Origin.BUILTIN && e.registration().id().equals(id));
    }

    /** Registers an appservice at runtime from its YAML; 400 M_BAD_JSON / M_INVALID_PARAM says what is wrong. */
    public Future<Registration> register(String yaml) {
        Registration r;
        try {
            r = Registration.parse(yaml);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(MatrixException.invalidParam(e.getMessage()));
        }
        synchronized (this) {
            try {
                add(new Entry(r, Origin.RUNTIME));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new MatrixException(400, ErrCode.M_INVALID_PARAM, e.getMessage()));
            }
        }
        return repo.addRegistration(r.id(), yaml, clock.millis()).compose(stored -> {
            if (!stored) {
                entries.removeIf(x -> x.registration() == r);
                return Future.failedFuture(MatrixException.invalidParam("an appservice with id '" + r.id() + "' exists"));
            }
            log.info("appservice registered [id: {}, url: {}]", r.id(), r.url());
            added.forEach(l -> l.accept(r));
            tellOthers(new io.vertx.core.json.JsonObject().put("registered", yaml));
            return Future.succeededFuture(r);
        });
    }

    /** Removes an appservice registered at runtime; those of files and the node's own are refused. */
    public Future<Void> unregister(String id) {
        Entry e = entries.stream().filter(x -> x.registration().id().equals(id)).findFirst()
                .orElseThrow(() -> MatrixException.notFound("No appservice " + id));
        if (e.origin() != Origin.RUNTIME) {
            return Future.failedFuture(MatrixException.forbidden("Appservice " + id + " comes from "
                    + (e.origin() == Origin.FILE ? "a registration file: remove it from appservices.registration_files" : "the node itself")));
        }
        entries.remove(e);
        return repo.removeRegistration(id).map(x -> {
            log.info("appservice unregistered [id: {}]", id);
            tellOthers(new io.vertx.core.json.JsonObject().put("unregistered", id));
            return null;
        });
    }

    public List<Entry> all() { return List.copyOf(entries); }

    public Optional<Registration> byId(String id) {
        return entries.stream().map(Entry::registration).filter(r -> r.id().equals(id)).findFirst();
    }

    /** The appservice whose as_token this is. */
    public Optional<Registration> byAsToken(String token) {
        for (Entry e : entries) {
            if (java.security.MessageDigest.isEqual(e.registration().asToken().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                return Optional.of(e.registration());
            }
        }
        return Optional.empty();
    }

    /** The appservice that holds a user id exclusively, if any. */
    public Optional<Registration> exclusiveOwnerOfUser(String userId) {
        return entries.stream().map(Entry::registration)
                .filter(r -> r.ownsUserExclusively(userId) || r.senderUserId(serverName).equals(userId)).findFirst();
    }

    /** The appservice that holds a room alias exclusively, if any. */
    public Optional<Registration> exclusiveOwnerOfAlias(String alias) {
        return entries.stream().map(Entry::registration).filter(r -> r.ownsAliasExclusively(alias)).findFirst();
    }

    /** Refuses a user id an appservice holds exclusively (400 M_EXCLUSIVE), unless {@code asking} is that appservice. */
    public void checkUserFree(String userId, Registration asking) {
        exclusiveOwnerOfUser(userId).filter(owner -> owner != asking).ifPresent(owner -> {
            throw new MatrixException(400, ErrCode.M_EXCLUSIVE, "This user ID is reserved by an application service.");
        });
    }

    /** Refuses a room alias an appservice holds exclusively (400 M_EXCLUSIVE), unless {@code asking} is that appservice. */
    public void checkAliasFree(String alias, Registration asking) {
        exclusiveOwnerOfAlias(alias).filter(owner -> owner != asking).ifPresent(owner -> {
            throw new MatrixException(400, ErrCode.M_EXCLUSIVE, "This room alias is reserved by an application service.");
        });
    }

    public String serverName() { return serverName; }
}
