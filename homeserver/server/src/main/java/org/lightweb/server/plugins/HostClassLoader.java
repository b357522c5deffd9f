package org.lightweb.server.plugins;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes and libraries first (so two plugins may use different versions of
 * a library), except the SDK and the logging API, which always come from the node. A plugin that bundled the SDK
 * would otherwise get its own copy of {@code HttpRoutes}, and nothing it registered would be seen.
 */
final class HostClassLoader extends PluginClassLoader {
    /** The SDK's package (not its subpackages: plugins live in those too) and SLF4J. */
    private static final String SDK = "org.lightweb.plugin.";
    private static final String SLF4J = "org.slf4j.";

    HostClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (fromNode(className)) return getParent().loadClass(className);
        return super.loadClass(className);
    }

    static boolean fromNode(String className) {
        return className.startsWith(SLF4J)
                || (className.startsWith(SDK) && className.indexOf('.', SDK.length()) < 0);
    }
}
