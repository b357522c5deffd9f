package org.lightweb.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.LightwebPlugin;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Extension;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

class PluginJarTest {
    @TempDir Path dir;

    public static class KitPlugin extends LightwebPlugin {}

    @Extension
    public static class KitCommand implements AdminCommand {
        public String name() { return "kit"; }
        public String usage() { return "kit"; }
        public String help() { return "A command in a test jar."; }
        public Reply run(CommandContext ctx, List<String> args) {
            Supplier<String> anonymous = new Supplier<>() {
                @Override public String get() { return "from an anonymous class"; }
            };
            return Reply.text(new Inner().say() + " " + anonymous.get());
        }

        class Inner {
            String say() { return "inner"; }
        }
    }

    private static PluginJar.Builder kitJar(Path dir) {
        return PluginJar.builder(dir, "kit-plugin")
                .version("1.2.3")
                .pluginClass(KitPlugin.class)
                .description("A test plugin")
                .provider("Tests")
                .extension(KitCommand.class)
                .resource("db/kit-plugin/common/V1__t.sql", "CREATE TABLE kit_plugin_t (id INTEGER);");
    }

    @Test
    void jarShouldHoldManifestClassesIndexAndResourcesWhenBuilt() throws Exception {
        Path jar = kitJar(dir).build();

        assertThat(jar.getFileName().toString()).isEqualTo("kit-plugin-1.2.3.jar");
        try (JarFile f = new JarFile(jar.toFile())) {
            var a = f.getManifest().getMainAttributes();
            assertThat(a.getValue("Plugin-Id")).isEqualTo("kit-plugin");
            assertThat(a.getValue("Plugin-Version")).isEqualTo("1.2.3");
            assertThat(a.getValue("Plugin-Requires")).isEqualTo(">=1.0.0 & <2.0.0");
            assertThat(a.getValue("Plugin-Class")).isEqualTo(KitPlugin.class.getName());
            assertThat(a.getValue("Plugin-Description")).isEqualTo("A test plugin");
            assertThat(a.getValue("Plugin-Provider")).isEqualTo("Tests");
            List<String> names = Collections.list(f.entries()).stream().map(JarEntry::getName).toList();
            String base = "org/lightweb/plugin/testkit/PluginJarTest$";
            assertThat(names).contains(base + "KitPlugin.class", base + "KitCommand.class", base + "KitCommand$Inner.class",
                    base + "KitCommand$1.class", "db/kit-plugin/common/V1__t.sql", "META-INF/extensions.idx");
            assertThat(names).doesNotContain("org/lightweb/plugin/testkit/PluginJarTest.class");
            String idx = new String(f.getInputStream(f.getEntry("META-INF/extensions.idx")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(idx.lines()).containsExactly(KitCommand.class.getName());
        }
    }

    @Test
    void pf4jShouldLoadPluginAndFindItsExtensionWhenJarIsInPluginsDirectory() {
        kitJar(dir).build();
        PluginManager pm = new DefaultPluginManager(dir);
        pm.setSystemVersion("1.0.0");
        try {
            pm.loadPlugins();
            PluginWrapper w = pm.getPlugin("kit-plugin");
            assertThat(w).isNotNull();
            assertThat(w.getPluginState()).isEqualTo(PluginState.RESOLVED);
            assertThat(w.getDescriptor().getPluginDescription()).isEqualTo("A test plugin");
            pm.startPlugins();  // PF4J answers the extensions of started plugins only
            assertThat(w.getPluginState()).isEqualTo(PluginState.STARTED);
            assertThat(w.getPlugin()).isInstanceOf(LightwebPlugin.class);
            List<Class<? extends AdminCommand>> found = pm.getExtensionClasses(AdminCommand.class, "kit-plugin");
            assertThat(found).extracting(Class::getName).containsExactly(KitCommand.class.getName());
            // The plugin's class loader, not the test's, defined the copy in the jar.
            assertThat(found.get(0).getClassLoader()).isSameAs(w.getPluginClassLoader());
            assertThat(found.get(0)).isNotSameAs(KitCommand.class);
        } finally {
            pm.unloadPlugins();
        }
    }

    @Test
    void pf4jShouldRefusePluginWhenItRequiresAnotherSdkVersion() {
        PluginJar.builder(dir, "future-plugin").requires(">=2.0.0").extension(KitCommand.class).build();
        PluginManager pm = new DefaultPluginManager(dir);
        pm.setSystemVersion("1.0.0");
        try {
            pm.loadPlugins();
            PluginWrapper w = pm.getPlugin("future-plugin");
            assertThat(w).isNotNull();
            assertThat(w.getPluginState()).isNotIn(PluginState.RESOLVED, PluginState.STARTED);
        } finally {
            pm.unloadPlugins();
        }
    }

    @Test
    void manifestShouldLeaveOutOptionalAttributesWhenNotGiven() {
        var a = PluginJar.builder(dir, "bare").requires(null).manifest().getMainAttributes();
        assertThat(a.getValue("Plugin-Id")).isEqualTo("bare");
        assertThat(a.getValue("Plugin-Version")).isEqualTo("1.0.0");
        assertThat(a.getValue("Plugin-Requires")).isNull();
        assertThat(a.getValue("Plugin-Class")).isNull();
        assertThat(a.getValue("Plugin-Provider")).isNull();
    }

    @Test
    void classFilesShouldComeFromJarsWhenClassIsInOne() throws Exception {
        // org.pf4j.Extension is in pf4j's jar, not in a directory.
        assertThat(PluginJar.classFiles(Extension.class)).containsKey("org/pf4j/Extension.class");
    }
}
