package org.lightweb.it.plugins;

import java.util.Map;
import org.lightweb.plugin.EventListener;
import org.lightweb.plugin.EventVeto;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.ProposedEvent;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.Verdict;

/**
 * Plugins that do what a node must survive: PluginsIT packs them into real plugin jars (PluginJar). No @Extension
 * here: the jars list their extensions themselves, and nothing else on the test class path should.
 */
public final class MisbehavingPlugins {
    private MisbehavingPlugins() {}

    /** Refuses to start: its config lacks a required key. */
    public static class Throwing extends LightwebPlugin {
        @Override
        public void start(PluginContext context) {
            context.config().requiredString("must_be_set");
        }
    }

    /** Never finishes starting. */
    public static class HangsOnStart extends LightwebPlugin {
        @Override
        public void start(PluginContext context) throws Exception {
            Thread.sleep(600_000);
        }
    }

    /** A veto that never answers. */
    public static class HangingVeto implements EventVeto {
        @Override
        public Verdict check(ProposedEvent event) throws Exception {
            Thread.sleep(600_000);
            return Verdict.deny("too late to matter");
        }
    }

    /** A listener that throws on every event. */
    public static class ThrowingListener implements EventListener {
        @Override
        public void onEvent(RoomEvent event) {
            throw new IllegalStateException("listener broke on " + event.eventId());
        }
    }

    /** Routes that throw, hang, refuse and answer. */
    public static class UnrulyRoutes implements HttpRoutes {
        @Override
        public void register(RouteRegistry routes) {
            routes.open("GET", "/throws", req -> {
                throw new IllegalStateException("boom");
            });
            routes.open("GET", "/hangs", req -> {
                Thread.sleep(600_000);
                return HttpResponse.empty(204);
            });
            routes.open("GET", "/refuses", req -> {
                throw MatrixError.forbidden("Not for you");
            });
            routes.open("POST", "/echo/{*rest}", req -> HttpResponse.json(200, Map.of("rest", req.pathParam("rest"),
                    "json", req.json())));
        }
    }

    /** Routes of a plugin shipped as a zip, answering with where its library's class came from. */
    public static class ZippedRoutes implements HttpRoutes {
        @Override
        public void register(RouteRegistry routes) {
            routes.open("GET", "/where", req -> HttpResponse.json(200, Map.of("library", ZippedLibrary.where())));
        }
    }

    /** The zip's library (in its lib/ directory). */
    public static class ZippedLibrary {
        public static String where() { return ZippedLibrary.class.getClassLoader().getClass().getSimpleName(); }
    }

    /** Needs a migration that creates a table outside its prefix. */
    public static class Sneaky extends LightwebPlugin {}
}
