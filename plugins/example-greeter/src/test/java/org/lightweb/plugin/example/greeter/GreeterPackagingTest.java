package org.lightweb.plugin.example.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.EventListener;
import org.lightweb.plugin.EventVeto;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.ScheduledJob;
import org.lightweb.plugin.testkit.PluginJar;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The greeter as PF4J sees it in a plugins directory: every extension point found, in the plugin's class loader. */
class GreeterPackagingTest {
    @TempDir Path plugins;

    @Test
    void pf4jShouldFindAnExtensionOfEveryPointWhenGreeterJarIsInPluginsDirectory() throws Exception {
        PluginJar.builder(plugins, "example-greeter")
                .pluginClass(GreeterPlugin.class)
                .extension(GreeterRoutes.class, GreeterListener.class, ForbiddenWordVeto.class, TickerJob.class,
                        GreetStatsCommand.class, GreetRoomCommand.class, GreetPingCommand.class)
                .classes(GreeterSettings.class, GreeterCounters.class, GuestbookStore.class)
                .resource("db/example-greeter/common/V1__guestbook.sql",
                        Files.readAllBytes(Path.of("src/main/resources/db/example-greeter/common/V1__guestbook.sql")))
                .build();
        PluginManager pm = new DefaultPluginManager(plugins);
        pm.setSystemVersion(org.lightweb.plugin.SdkVersion.VERSION);
        try {
            pm.loadPlugins();
            pm.startPlugins();
            var w = pm.getPlugin("example-greeter");
            assertThat(w.getPluginState()).isEqualTo(PluginState.STARTED);
            assertThat(w.getPlugin().getClass().getName()).isEqualTo(GreeterPlugin.class.getName());
            assertThat(w.getPluginClassLoader().getResource("db/example-greeter/common/V1__guestbook.sql")).isNotNull();
            assertThat(pm.getExtensionClasses(HttpRoutes.class, "example-greeter")).hasSize(1);
            assertThat(pm.getExtensionClasses(EventListener.class, "example-greeter")).hasSize(1);
            assertThat(pm.getExtensionClasses(EventVeto.class, "example-greeter")).hasSize(1);
            assertThat(pm.getExtensionClasses(ScheduledJob.class, "example-greeter")).hasSize(1);
            assertThat(pm.getExtensionClasses(AdminCommand.class, "example-greeter")).hasSize(3)
                    .allSatisfy(c -> assertThat(c.getClassLoader()).isSameAs(w.getPluginClassLoader()));
        } finally {
            pm.stopPlugins();
            pm.unloadPlugins();
        }
    }
}
