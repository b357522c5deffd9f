package org.lightweb.plugin;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the node gives a plugin: its configuration, its storage, and the node's services. One per plugin start; the
 * services may be called from any thread the node runs plugin code on, and block until they have an answer (they
 * never run on the node's event loop).
 */
public interface PluginContext {
    /** The plugin's id, as in its manifest ({@code Plugin-Id}). */
    String pluginId();

    /** The node's server name ({@code kaslo.example}): the part after ':' in its user ids. */
    String serverName();

    /** The plugin's section of homeserver.yaml ({@code plugins.config.<pluginId>}); empty when there is none. */
    PluginConfig config();

    /** The plugin's own tables, on the node's database. */
    PluginDatabase database();

    /** A directory for the plugin's files ({@code <data_dir>/plugin-data/<pluginId>}), created on first use. */
    Path dataDirectory();

    /** Local users. */
    Users users();

    /** Rooms this node knows. */
    Rooms rooms();

    /**
     * A bot user of this node, {@code @<localpart>:<server>}, created on first use (no password: nobody logs in as
     * it). A localpart already taken by a person is refused with {@link MatrixError} M_USER_IN_USE.
     */
    Bot bot(String localpart);

    /** Signed requests to other homeservers. */
    Federation federation();

    /** The node's clock. */
    default Clock clock() { return Clock.systemUTC(); }

    /**
     * One object of a type per plugin start, shared by the plugin's extensions (which are separate instances):
     * counters, caches, a store. Made by {@code make} on first use; a new start gets a new one.
     */
    @SuppressWarnings("unchecked")
    default <T> T shared(Class<T> type, java.util.function.Supplier<T> make) {
        synchronized (SharedObjects.BY_CONTEXT) {
            return (T) SharedObjects.BY_CONTEXT.computeIfAbsent(this, c -> new java.util.HashMap<>())
                    .computeIfAbsent(type, t -> make.get());
        }
    }
}

/** Where {@link PluginContext#shared}'s default keeps objects, for contexts that keep none themselves. */
final class SharedObjects {
    static final java.util.Map<PluginContext, java.util.Map<Class<?>, Object>> BY_CONTEXT = new java.util.WeakHashMap<>();

    private SharedObjects() {}
}
