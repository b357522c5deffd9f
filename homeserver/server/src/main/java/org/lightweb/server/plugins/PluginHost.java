package org.lightweb.server.plugins;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.lightweb.core.MatrixException;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.EventListener;
import org.lightweb.plugin.EventVeto;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.PluginConfig;
import org.lightweb.plugin.ProposedEvent;
import org.lightweb.plugin.ScheduledJob;
import org.lightweb.plugin.SdkVersion;
import org.lightweb.plugin.Verdict;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.Db;
import org.lightweb.storage.plugins.PluginTables;
import org.lightweb.storage.rooms.StoredEvent;
import org.pf4j.Plugin;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's plugins: loads them from {@code plugins.directory} at start, starts each in isolation (its own
 * class loader, its own threads, time limits on everything it is asked to do), and enables, disables and reloads
 * them at runtime. A plugin that needs another SDK, fails to start, throws or hangs is reported and left out; the
 * node never goes down with it.
 *
 * <p>Threads: every change of plugin state happens on one management thread, one at a time; plugin code runs on
 * the plugin's own pool ({@code plugins.threads_per_plugin}) and its events on one thread of its own, in order; the
 * node's event loops only hand work over and wait for futures.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);
    /** Plugin ids the node can route to: they are a path segment and a table prefix. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Path segments under /_lightweb/ that the node keeps for itself. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("admin", "client", "federation", "static", "commands");
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    /** What the operator sees of a plugin. */
    public enum State { STARTED, DISABLED, FAILED, INCOMPATIBLE }

    /** A plugin as the admin API lists it. */
    public record Info(String id, String version, String description, String provider, String requires, String path,
                       State state, String error, List<String> routes, int listeners, int vetoes, List<String> commands,
                       List<String> jobs, long droppedEvents, long failures) {}

    /** A plugin's admin command, and whose it is. */
    public record Command(String pluginId, String name, String usage, String help) {}

    private final PluginsSettings settings;
    private final NodeServices services;
    private final Db db;
    private final NodePluginManager manager;
    private final ExecutorService management = Executors.newSingleThreadExecutor(daemon("lightweb-plugin-admin"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("lightweb-plugin-timer"));
    private final Map<String, RunningPlugin> running = new ConcurrentHashMap<>();
    /** Why a plugin that is not running is not: its state and the error. */
    private final Map<String, Map.Entry<State, String>> outcomes = new ConcurrentHashMap<>();
    private final Vertx vertx;

    /** Whether this process runs plugins' scheduled jobs: always alone, only the leader in a cluster. */
    private volatile java.util.function.BooleanSupplier runsJobs = () -> true;

    /** In a clustered node, plugins' scheduled jobs run in one process only: while {@code when} is true. */
    public void runJobsOnlyWhen(java.util.function.BooleanSupplier when) { this.runsJobs = when; }

    public PluginHost(Vertx vertx, PluginsSettings settings, NodeServices services, Db db) {
        this.vertx = vertx;
        this.settings = settings;
        this.services = services;
        this.db = db;
        this.manager = settings.enabled() ? new NodePluginManager(settings.directory()) : null;
    }

    // ---- lifecycle

    /** Loads and starts every plugin in the directory. Never fails: a plugin that does not start is reported. */
    public Future<Void> start() {
        if (manager == null) {
            log.info("plugins are off (plugins.enabled: false)");
            return Future.succeededFuture();
        }
        return onManagementThread(() -> {
            Files.createDirectories(settings.directory());
            manager.loadPlugins();
            List<PluginWrapper> all = new ArrayList<>(manager.getPlugins());
            all.sort(Comparator.comparing(PluginWrapper::getPluginId));
            for (PluginWrapper w : all) startOne(w);
            log.info("plugins loaded [directory: {}, sdk: {}, started: {}, not started: {}]", settings.directory(),
                    SdkVersion.VERSION, running.size(), all.size() - running.size());
            return null;
        });
    }

    /** Stops every plugin. */
    @Override
    public void close() {
        if (manager != null) {
            try {
                management.submit(() -> {
                    for (String id : new ArrayList<>(running.keySet())) stopRunning(id, State.DISABLED, null);
                    return null;
                }).get(settings.startTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("plugins did not all stop in time: {}", e.toString());
            }
        }
        management.shutdownNow();
        timers.shutdownNow();
    }

    /** Every plugin in the directory, started or not. */
    public List<Info> list() {
        if (manager == null) return List.of();
        List<Info> out = new ArrayList<>();
        for (PluginWrapper w : manager.getPlugins()) out.add(info(w));
        out.sort(Comparator.comparing(Info::id));
        return out;
    }

    public Optional<Info> info(String id) {
        if (manager == null) return Optional.empty();
        return Optional.ofNullable(manager.getPlugin(id)).map(this::info);
    }

    /** Starts a plugin that is disabled or failed (and keeps it enabled across restarts). */
    public Future<Info> enable(String id) {
        return onManagementThread(() -> {
            PluginWrapper w = known(id);
            if (!running.containsKey(id)) {
                manager.enablePlugin(id);
                startOne(w);
            }
            return info(w);
        });
    }

    /** Stops a plugin and keeps it disabled across restarts (PF4J's disabled.txt in the plugins directory). */
    public Future<Info> disable(String id) {
        return onManagementThread(() -> {
            PluginWrapper w = known(id);
            stopRunning(id, State.DISABLED, null);
            manager.disablePlugin(id);
            outcomes.put(id, Map.entry(State.DISABLED, ""));
            return info(w);
        });
    }

    /** Stops a plugin, loads its file again (the operator may have replaced it) and starts it. */
    public Future<Info> reload(String id) {
        return onManagementThread(() -> {
            PluginWrapper w = known(id);
            Path path = w.getPluginPath();
            stopRunning(id, State.DISABLED, null);
            manager.unloadPlugin(id);
            outcomes.remove(id);
            String loaded = manager.loadPlugin(path);
            PluginWrapper fresh = manager.getPlugin(loaded);
            startOne(fresh);
            log.info("plugin reloaded [plugin: {}, version: {}]", loaded, fresh.getDescriptor().getVersion());
            return info(fresh);
        });
    }

    private PluginWrapper known(String id) {
        PluginWrapper w = manager == null ? null : manager.getPlugin(id);
        if (w == null) throw MatrixException.notFound("No plugin " + id);
        return w;
    }

    /** Starts one loaded plugin, or records why not. On the management thread. */
    private void startOne(PluginWrapper w) {
        String id = w.getPluginId();
        String requires = w.getDescriptor().getRequires();
        if (!ID.matcher(id).matches() || RESERVED.contains(id)) {
            refuse(id, State.FAILED, "plugin id '" + id + "' is not allowed: lower case letters, digits and '-', not one of "
                    + RESERVED);
            return;
        }
        if (!manager.compatible(w)) {
            refuse(id, State.INCOMPATIBLE, "needs SDK " + requires + ", this node has " + SdkVersion.VERSION);
            return;
        }
        if (manager.disabledByOperator(id)) {
            outcomes.put(id, Map.entry(State.DISABLED, ""));
            log.info("plugin disabled by the operator [plugin: {}]", id);
            return;
        }
        if (w.getPluginState() == PluginState.FAILED) {
            refuse(id, State.FAILED, "cannot be loaded: " + describe(w.getFailedException()));
            return;
        }
        PluginConfig config = new PluginConfig("plugins.config." + id, settings.sections().get(id));
        NodePluginContext context = new NodePluginContext(id, config, services, db,
                settings.dataDirectory().resolve(id), settings.requestTimeout());
        RunningPlugin r = new RunningPlugin(id, w, context, settings.threadsPerPlugin(), settings.queueSize());
        manager.bindContext(id, context);
        String step = "migrations";
        try {
            onPluginThread(r, () -> {
                PluginTables.migrate(db.database(), id, w.getPluginClassLoader());
                Plugin main = w.getPlugin();
                if (main == null) throw new IllegalStateException("its Plugin-Class " + w.getDescriptor().getPluginClass()
                        + " cannot be created");
                if (main instanceof LightwebPlugin lp) lp.start(context);
                return null;
            }, settings.startTimeout());
            step = "start";
            PluginState state = onPluginThread(r, () -> manager.startPlugin(id), settings.startTimeout());
            if (state != PluginState.STARTED) throw new IllegalStateException("PF4J left it " + state);
            step = "extensions";
            onPluginThread(r, () -> {
                for (HttpRoutes h : manager.getExtensions(HttpRoutes.class, id)) h.register(r.routes);
                r.listeners.addAll(manager.getExtensions(EventListener.class, id));
                r.vetoes.addAll(manager.getExtensions(EventVeto.class, id));
                r.jobs.addAll(manager.getExtensions(ScheduledJob.class, id));
                for (AdminCommand c : manager.getExtensions(AdminCommand.class, id)) {
                    String name = c.name();
                    if (name == null || !COMMAND.matcher(name).matches()) {
                        throw new IllegalArgumentException("admin command name '" + name + "' is not lower case letters, digits and '-'");
                    }
                    r.commands.put(name, c);
                }
                for (ScheduledJob j : r.jobs) {
                    if (j.interval() == null || j.interval().toMillis() < 1000) {
                        throw new IllegalArgumentException("job '" + j.name() + "' runs more often than once a second");
                    }
                }
                return null;
            }, settings.startTimeout());
            r.routes.seal();
            checkClashes(r);
        } catch (Exception e) {
            String why = step + ": " + describe(e);
            stopQuietly(r, w);
            refuse(id, State.FAILED, why);
            return;
        }
        running.put(id, r);
        outcomes.remove(id);
        for (ScheduledJob j : r.jobs) schedule(r, j, j.initialDelay());
        log.info("plugin started [plugin: {}, version: {}, routes: {}, listeners: {}, vetoes: {}, commands: {}, jobs: {}]",
                id, w.getDescriptor().getVersion(), r.routes.routes().size(), r.listeners.size(), r.vetoes.size(),
                r.commands.keySet(), r.jobs.size());
    }

    /** Well-known paths and command names belong to the first plugin that claimed them. */
    private void checkClashes(RunningPlugin r) {
        for (RunningPlugin other : running.values()) {
            for (RouteTable.Route route : r.routes.routes()) {
                if (route.kind() != RouteTable.Kind.WELL_KNOWN) continue;
                boolean taken = other.routes.routes().stream().anyMatch(o -> o.kind() == RouteTable.Kind.WELL_KNOWN
                        && o.segments().equals(route.segments()) && o.method().equals(route.method()));
                if (taken) throw new IllegalStateException(route.method() + " /" + String.join("/", route.segments())
                        + " is already served by plugin " + other.id);
            }
            for (String name : r.commands.keySet()) {
                if (other.commands.containsKey(name)) {
                    throw new IllegalStateException("admin command '" + name + "' is already offered by plugin " + other.id);
                }
            }
        }
    }

    private void refuse(String id, State state, String why) {
        outcomes.put(id, Map.entry(state, why));
        log.error("plugin not started [plugin: {}]: {}", id, why);
    }

    /** Takes a running plugin out of service: no new work reaches it, its jobs stop, then it is stopped. */
    private void stopRunning(String id, State state, String why) {
        RunningPlugin r = running.remove(id);
        if (r == null) return;
        stopQuietly(r, r.wrapper);
        outcomes.put(id, Map.entry(state, why == null ? "" : why));
        log.info("plugin stopped [plugin: {}]", id);
    }

    private void stopQuietly(RunningPlugin r, PluginWrapper w) {
        r.stopped = true;
        r.scheduled.forEach(f -> f.cancel(false));
        if (w.getPluginState() == PluginState.STARTED) {
            try {
                onPluginThread(r, () -> manager.stopPlugin(r.id), settings.startTimeout());
            } catch (Exception e) {
                log.warn("plugin did not stop cleanly [plugin: {}]: {}", r.id, describe(e));
                w.setPluginState(PluginState.STOPPED);
            }
        }
        r.close();
        manager.bindContext(r.id, null);
    }

    private Info info(PluginWrapper w) {
        String id = w.getPluginId();
        var d = w.getDescriptor();
        RunningPlugin r = running.get(id);
        Map.Entry<State, String> outcome = outcomes.get(id);
        State state = r != null ? State.STARTED : outcome != null ? outcome.getKey() : State.DISABLED;
        String error = r != null || outcome == null || outcome.getValue().isEmpty() ? null : outcome.getValue();
        List<String> routes = r == null ? List.of() : r.routes.routes().stream()
                .map(x -> x.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + x.method() + " "
                        + (x.kind() == RouteTable.Kind.WELL_KNOWN ? "" : "/_lightweb/" + id) + "/" + String.join("/", x.segments()))
                .toList();
        return new Info(id, d.getVersion(), d.getPluginDescription(), d.getProvider(), d.getRequires(),
                String.valueOf(w.getPluginPath()), state, error, routes, r == null ? 0 : r.listeners.size(),
                r == null ? 0 : r.vetoes.size(), r == null ? List.of() : List.copyOf(r.commands.keySet()),
                r == null ? List.of() : r.jobs.stream().map(ScheduledJob::name).toList(),
                r == null ? 0 : r.droppedEvents.get(), r == null ? 0 : r.failures.get());
    }

    // ---- what the node asks of running plugins

    /** A running plugin, by id. */
    Optional<RunningPlugin> runningPlugin(String id) { return Optional.ofNullable(running.get(id)); }

    /** Every running plugin. */
    java.util.Collection<RunningPlugin> runningPlugins() { return running.values(); }

    /** How long a plugin's route handler may take. */
    Duration requestTimeout() { return settings.requestTimeout(); }

    /** The largest body a plugin route accepts. */
    public long maxRequestBody() { return settings.maxRequestBody(); }

    /** Hands stored events to the plugins' listeners, in order per plugin, never waiting for them. */
    public RoomEvents.Listener listener() {
        return (roomId, stored) -> {
            for (RunningPlugin r : running.values()) {
                if (r.listeners.isEmpty()) continue;
                for (StoredEvent e : stored) {
                    if (e.outlier() || e.rejectedReason() != null) continue;
                    try {
                        r.events.execute(() -> deliver(r, e));
                    } catch (RejectedExecutionException full) {
                        if (r.droppedEvents.incrementAndGet() % 1000 == 1) {
                            log.warn("plugin is not keeping up with events, dropping [plugin: {}, dropped: {}]", r.id,
                                    r.droppedEvents.get());
                        }
                    }
                }
            }
        };
    }

    private void deliver(RunningPlugin r, StoredEvent stored) {
        if (r.stopped) return;
        var event = services.toRoomEvent(stored);
        for (EventListener l : r.listeners) {
            try {
                if (l.wants(event.roomId(), event.type())) l.onEvent(event);
            } catch (Throwable t) {
                r.failures.incrementAndGet();
                log.warn("plugin event listener failed [plugin: {}, event: {}]: {}", r.id, event.eventId(), describe(t));
            }
        }
    }

    /**
     * Asks the plugins' vetoes about a local event before it is built: any denial refuses it (403 M_FORBIDDEN with
     * the reason); a veto that throws or has not answered within {@code plugins.hook_timeout} lets it through.
     */
    public RoomEvents.Veto veto() {
        return (roomId, draft) -> {
            List<CompletableFuture<Verdict>> asked = new ArrayList<>();
            ProposedEvent proposed = null;
            for (RunningPlugin r : running.values()) {
                for (EventVeto v : r.vetoes) {
                    if (proposed == null) proposed = proposed(roomId, draft);
                    ProposedEvent p = proposed;
                    asked.add(supply(r, () -> v.check(p), settings.hookTimeout()).handle((verdict, err) -> {
                        if (err != null) {
                            r.failures.incrementAndGet();
                            log.warn("plugin veto let an event through [plugin: {}, type: {}]: {}", r.id, p.type(),
                                    err instanceof TimeoutException ? "no answer within " + settings.hookTimeout().toMillis()
                                            + " ms" : describe(err));
                            return Verdict.allow();
                        }
                        return verdict == null ? Verdict.allow() : verdict;
                    }));
                }
            }
            if (asked.isEmpty()) return Future.succeededFuture();
            CompletableFuture<Void> all = CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(ok -> {
                for (CompletableFuture<Verdict> f : asked) {
                    Verdict v = f.join();
                    if (!v.allowed()) {
                        throw MatrixException.forbidden(v.reason() == null || v.reason().isBlank()
                                ? "This event was refused by a plugin" : v.reason());
                    }
                }
                return null;
            });
            return fromStage(all);
        };
    }

    private static ProposedEvent proposed(String roomId, EventDraft draft) {
        return new ProposedEvent(roomId, draft.sender().toString(), draft.type(), draft.stateKey(),
                PluginJson.toMap(draft.content()));
    }

    /** Every admin command the running plugins offer. */
    public List<Command> commands() {
        List<Command> out = new ArrayList<>();
        for (RunningPlugin r : running.values()) {
            r.commands.forEach((name, c) -> out.add(new Command(r.id, name, c.usage(), c.help())));
        }
        out.sort(Comparator.comparing(Command::name));
        return out;
    }

    /** Runs a plugin's admin command for a server admin; 404 M_NOT_FOUND for a command no running plugin offers. */
    public Future<AdminCommand.Reply> runCommand(String name, String sender, String roomId, List<String> args) {
        for (RunningPlugin r : running.values()) {
            AdminCommand c = r.commands.get(name);
            if (c == null) continue;
            var context = new AdminCommand.CommandContext(sender, roomId);
            return fromStage(supply(r, () -> c.run(context, List.copyOf(args)), settings.requestTimeout()).exceptionally(err -> {
                r.failures.incrementAndGet();
                Throwable cause = unwrap(err);
                log.warn("plugin command failed [plugin: {}, command: {}]: {}", r.id, name, describe(cause));
                if (cause instanceof TimeoutException) {
                    return AdminCommand.Reply.text("The command did not finish within "
                            + settings.requestTimeout().toSeconds() + " s.");
                }
                return AdminCommand.Reply.text("The command failed: " + describe(cause));
            }).thenApply(reply -> reply == null ? AdminCommand.Reply.text("(no reply)") : reply));
        }
        return Future.failedFuture(MatrixException.notFound("No plugin offers the command " + name));
    }

    private void schedule(RunningPlugin r, ScheduledJob job, Duration delay) {
        if (r.stopped) return;
        long ms = Math.max(0, delay == null ? job.interval().toMillis() : delay.toMillis());
        r.scheduled.add(timers.schedule(() -> {
            try {
                r.pool.execute(() -> {
                    try {
                        if (!r.stopped && runsJobs.getAsBoolean()) job.run();
                    } catch (Throwable t) {
                        r.failures.incrementAndGet();
                        log.warn("plugin job failed [plugin: {}, job: {}]: {}", r.id, job.name(), describe(t));
                    } finally {
                        schedule(r, job, job.interval());
                    }
                });
            } catch (RejectedExecutionException busy) {
                schedule(r, job, job.interval());
            }
        }, ms, TimeUnit.MILLISECONDS));
        r.scheduled.removeIf(java.util.concurrent.Future::isDone);
    }

    // ---- threads

    /** Runs plugin code on the plugin's pool, for at most {@code timeout}; interrupted if it takes longer. */
    private static <T> T onPluginThread(RunningPlugin r, Callable<T> work, Duration timeout) throws Exception {
        java.util.concurrent.Future<T> f = r.pool.submit(work);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) throw ex;
            throw new IllegalStateException(c);
        }
    }

    /** Plugin code on its pool as a future that fails with TimeoutException after {@code timeout}. */
    <T> CompletableFuture<T> supply(RunningPlugin r, Callable<T> work, Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        java.util.concurrent.Future<?> task;
        try {
            task = r.pool.submit(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException busy) {
            result.completeExceptionally(new RejectedExecutionException("plugin " + r.id + " is busy"));
            return result;
        }
        var timer = timers.schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("no answer within " + timeout.toMillis() + " ms"))) {
                task.cancel(true);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((v, e) -> timer.cancel(false));
        return result;
    }

    /** A CompletionStage as a Vert.x future completing on the caller's context. */
    <T> Future<T> fromStage(java.util.concurrent.CompletionStage<T> stage) {
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(unwrap(e)));
    }

    private <T> Future<T> onManagementThread(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            management.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException closed) {
            return Future.failedFuture(new IllegalStateException("the node is stopping"));
        }
        return fromStage(f);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable t) {
        t = unwrap(t);
        if (t == null) return "unknown error";
        String m = t.getMessage();
        if (t instanceof org.pf4j.PluginRuntimeException && t.getCause() != null && t.getCause() != t) {
            return (m == null ? "" : m + ": ") + describe(t.getCause());
        }
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A started plugin: its context, threads, and what it registered. */
    static final class RunningPlugin {
        final String id;
        final PluginWrapper wrapper;
        final NodePluginContext context;
        final java.util.concurrent.ThreadPoolExecutor pool;
        final java.util.concurrent.ThreadPoolExecutor events;
        final RouteTable routes = new RouteTable();
        final List<EventListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<EventVeto> vetoes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, AdminCommand> commands = new LinkedHashMap<>();
        final List<ScheduledJob> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<java.util.concurrent.ScheduledFuture<?>> scheduled = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicLong droppedEvents = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean stopped;

        RunningPlugin(String id, PluginWrapper wrapper, NodePluginContext context, int threads, int queue) {
            this.id = id;
            this.wrapper = wrapper;
            this.context = context;
            this.pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(queue), numbered("lightweb-plugin-" + id));
            this.pool.allowCoreThreadTimeOut(true);
            this.events = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(queue), numbered("lightweb-plugin-" + id + "-events"));
            this.events.allowCoreThreadTimeOut(true);
        }

        void close() {
            pool.shutdownNow();
            events.shutdownNow();
        }

        private static java.util.concurrent.ThreadFactory numbered(String name) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            return runnable -> {
                Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
