package org.lightweb.server.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Consumer;
import org.lightweb.storage.cache.CacheBus;

/**
 * What the processes of a clustered node tell each other, over the Vert.x clustered event bus: each message is
 * published to every process (this one included, which ignores its own). Carries the sync wake-ups
 * ({@link ClusterNotifier}), cache invalidations ({@link CacheBus}) and pokes for the work only the leader does.
 */
public final class ClusterBus implements CacheBus {
    private static final String FROM = "from";

    private final Vertx vertx;
    private final String process = UUID.randomUUID().toString();

    public ClusterBus(Vertx vertx) {
        this.vertx = vertx;
    }

    /** This process's name on the bus (random, new at every start). */
    public String process() { return process; }

    /** Sends {@code body} (a message of its own: marked with this process) to every other process on {@code address}. */
    public void tell(String address, JsonObject body) {
        vertx.eventBus().publish(address, body.put(FROM, process));
    }

    /** Calls {@code handler} with what the other processes publish on {@code address}. */
    public void listen(String address, Consumer<JsonObject> handler) {
        vertx.eventBus().<JsonObject>consumer(address, m -> {
            if (!process.equals(m.body().getString(FROM))) handler.accept(m.body());
        });
    }

    @Override
    public void publish(String cache, String key) {
        tell("lightweb.cache." + cache, new JsonObject().put("key", key));
    }

    @Override
    public void subscribe(String cache, Consumer<String> invalidated) {
        listen("lightweb.cache." + cache, body -> invalidated.accept(body.getString("key")));
    }
}
