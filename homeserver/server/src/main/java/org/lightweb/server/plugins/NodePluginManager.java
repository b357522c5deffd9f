package org.lightweb.server.plugins;

import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.SdkVersion;
import org.pf4j.BasePluginLoader;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J as the node uses it: plugins are jars, or zips PF4J unpacks (classes/ and lib/*.jar), in the plugins directory;
 * each gets a {@link HostClassLoader}; {@code Plugin-Requires} is checked against {@link SdkVersion}; extensions whose
 * constructor takes a {@link PluginContext} get their plugin's.
 */
final class NodePluginManager extends DefaultPluginManager {
    private final Map<String, PluginContext> contexts = new ConcurrentHashMap<>();

    NodePluginManager(Path root) {
        super(root);
        setSystemVersion(SdkVersion.VERSION);
        setExactVersionAllowed(true);
    }

    @Override
    public RuntimeMode getRuntimeMode() { return RuntimeMode.DEPLOYMENT; }

    void bindContext(String pluginId, PluginContext context) {
        if (context == null) contexts.remove(pluginId);
        else contexts.put(pluginId, context);
    }

    /** Whether the operator disabled the plugin (disabled.txt). */
    boolean disabledByOperator(String pluginId) { return pluginStatusProvider.isPluginDisabled(pluginId); }

    /** Whether the plugin's Plugin-Requires admits this SDK. */
    boolean compatible(PluginWrapper plugin) { return isPluginValid(plugin); }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader().add(new JarLoader(this)).add(new DirectoryLoader(this));
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new ExtensionFactory() {
            @Override
            public <T> T create(Class<T> type) {
                PluginWrapper owner = whichPlugin(type);
                PluginContext context = owner == null ? null : contexts.get(owner.getPluginId());
                try {
                    if (context != null) {
                        for (Constructor<?> c : type.getConstructors()) {
                            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == PluginContext.class) {
                                return type.cast(c.newInstance(context));
                            }
                        }
                    }
                    return type.getConstructor().newInstance();
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new PluginRuntimeException(e.getCause(), "extension {} failed in its constructor", type.getName());
                } catch (ReflectiveOperationException e) {
                    throw new PluginRuntimeException(e, "extension {} needs a public constructor taking a PluginContext,"
                            + " or none", type.getName());
                }
            }
        };
    }

    /** A plugin jar, loaded as it is. */
    private static final class JarLoader implements PluginLoader {
        private final PluginManager manager;

        JarLoader(PluginManager manager) { this.manager = manager; }

        @Override
        public boolean isApplicable(Path path) {
            return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
        }

        @Override
        public ClassLoader loadPlugin(Path path, PluginDescriptor descriptor) {
            PluginClassLoader loader = new HostClassLoader(manager, descriptor, NodePluginManager.class.getClassLoader());
            loader.addFile(path.toFile());
            return loader;
        }
    }

    /** A plugin directory (a zip PF4J unpacked): classes/ and lib/*.jar. */
    private static final class DirectoryLoader extends BasePluginLoader {
        DirectoryLoader(PluginManager manager) { super(manager, new DefaultPluginClasspath()); }

        @Override
        public boolean isApplicable(Path path) { return Files.isDirectory(path); }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
            return new HostClassLoader(pluginManager, descriptor, NodePluginManager.class.getClassLoader());
        }
    }
}
