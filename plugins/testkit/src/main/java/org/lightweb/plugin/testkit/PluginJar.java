package org.lightweb.plugin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a real PF4J plugin jar from classes on the current class path, as pf4j's own test {@code PluginJar} does:
 * a manifest ({@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Requires}, and the optional
 * {@code Plugin-Class}, {@code Plugin-Description}, {@code Plugin-Provider}), the classes' {@code .class} files with
 * all their nested, inner and anonymous classes, {@code META-INF/extensions.idx} naming the extensions, and any
 * other resources (migrations under {@code db/<pluginId>/...}).
 *
 * <pre>{@code
 * Path jar = PluginJar.builder(pluginsDir, "throws-on-start")
 *         .pluginClass(ThrowingPlugin.class)
 *         .extension(HangingVeto.class)
 *         .resource("db/throws-on-start/common/V1__t.sql", "CREATE TABLE throws_on_start_t (id INTEGER);")
 *         .build();
 * }</pre>
 *
 * A node loads such a jar in its own class loader, which looks in the plugin before the application: the copies in
 * the jar, not the test's, are the ones it uses.
 */
public final class PluginJar {
    /** The SDK range a plugin built here requires unless told otherwise. */
    public static final String DEFAULT_REQUIRES = ">=1.0.0 & <2.0.0";

    private PluginJar() {}

    /** A jar for plugin {@code pluginId}, to be written in {@code directory} as {@code <pluginId>-<version>.jar}. */
    public static Builder builder(Path directory, String pluginId) {
        return new Builder(directory, pluginId);
    }

    /** What goes in the jar. */
    public static final class Builder {
        private final Path directory;
        private final String pluginId;
        private String version = "1.0.0";
        private String requires = DEFAULT_REQUIRES;
        private String pluginClass;
        private String description;
        private String provider;
        private String fileName;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Set<Class<?>> classes = new LinkedHashSet<>();
        private final List<String> extensions = new ArrayList<>();
        private final Map<String, byte[]> resources = new LinkedHashMap<>();

        private Builder(Path directory, String pluginId) {
            this.directory = directory;
            this.pluginId = pluginId;
        }

        /** {@code Plugin-Version}; 1.0.0 by default. */
        public Builder version(String version) { this.version = version; return this; }

        /** {@code Plugin-Requires}, the SDK range; {@value PluginJar#DEFAULT_REQUIRES} by default; null for none. */
        public Builder requires(String requires) { this.requires = requires; return this; }

        /** {@code Plugin-Class}; the class is copied into the jar. */
        public Builder pluginClass(Class<?> pluginClass) {
            this.pluginClass = pluginClass.getName();
            classes.add(pluginClass);
            return this;
        }

        /** {@code Plugin-Class} by name only, for a class that is not in the jar (a plugin that cannot start). */
        public Builder pluginClassName(String name) { this.pluginClass = name; return this; }

        /** {@code Plugin-Description}. */
        public Builder description(String description) { this.description = description; return this; }

        /** {@code Plugin-Provider}. */
        public Builder provider(String provider) { this.provider = provider; return this; }

        /** Any other manifest attribute ({@code Plugin-Dependencies}, say). */
        public Builder attribute(String name, String value) { attributes.put(name, value); return this; }

        /** The file name; {@code <pluginId>-<version>.jar} by default. */
        public Builder fileName(String fileName) { this.fileName = fileName; return this; }

        /** Extensions: copied, and listed in {@code META-INF/extensions.idx}. */
        public Builder extension(Class<?>... extensionClasses) {
            for (Class<?> c : extensionClasses) {
                classes.add(c);
                extensions.add(c.getName());
            }
            return this;
        }

        /** Other classes the plugin needs, copied with their nested classes. */
        public Builder classes(Class<?>... more) {
            classes.addAll(List.of(more));
            return this;
        }

        /** A resource at {@code path} in the jar (no leading '/'). */
        public Builder resource(String path, byte[] content) {
            resources.put(path.startsWith("/") ? path.substring(1) : path, content.clone());
            return this;
        }

        /** A text resource, in UTF-8. */
        public Builder resource(String path, String content) {
            return resource(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /** Writes the jar and answers its path. */
        public Path build() {
            try {
                Files.createDirectories(directory);
                Path jar = directory.resolve(fileName != null ? fileName : pluginId + "-" + version + ".jar");
                Map<String, byte[]> entries = new LinkedHashMap<>();
                for (Class<?> c : classes) entries.putAll(classFiles(c));
                if (!extensions.isEmpty()) {
                    entries.put("META-INF/extensions.idx",
                            (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                entries.putAll(resources);
                try (OutputStream out = Files.newOutputStream(jar);
                     JarOutputStream jos = new JarOutputStream(out, manifest())) {
                    Set<String> dirs = new LinkedHashSet<>();
                    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                        String name = e.getKey();
                        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                            String dir = name.substring(0, i + 1);
                            if (dirs.add(dir) && !dir.equals("META-INF/")) {
                                jos.putNextEntry(new JarEntry(dir));
                                jos.closeEntry();
                            }
                        }
                        jos.putNextEntry(new JarEntry(name));
                        jos.write(e.getValue());
                        jos.closeEntry();
                    }
                }
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write plugin jar for " + pluginId, e);
            }
        }

        /** The manifest this jar gets. */
        public Manifest manifest() {
            Manifest m = new Manifest();
            Attributes a = m.getMainAttributes();
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            a.putValue("Plugin-Id", pluginId);
            a.putValue("Plugin-Version", version);
            if (requires != null) a.putValue("Plugin-Requires", requires);
            if (pluginClass != null) a.putValue("Plugin-Class", pluginClass);
            if (description != null) a.putValue("Plugin-Description", description);
            if (provider != null) a.putValue("Plugin-Provider", provider);
            attributes.forEach(a::putValue);
            return m;
        }
    }

    /**
     * The {@code .class} files of a class and of every class nested in it (member, local and anonymous: every
     * {@code Outer$...} next to it), by jar entry name.
     */
    static Map<String, byte[]> classFiles(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        URL url = loader.getResource(entry);
        if (url == null) throw new IOException("no class file for " + c.getName() + " on the class path");
        String nestedPrefix = entry.substring(0, entry.length() - ".class".length()) + "$";
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = url.openStream()) {
            out.put(entry, in.readAllBytes());
        }
        switch (url.getProtocol()) {
            case "file" -> {
                Path file;
                try {
                    file = Path.of(url.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                String simplePrefix = file.getFileName().toString().replace(".class", "$");
                try (Stream<Path> siblings = Files.list(file.getParent())) {
                    for (Path p : (Iterable<Path>) siblings::iterator) {
                        String name = p.getFileName().toString();
                        if (name.startsWith(simplePrefix) && name.endsWith(".class")) {
                            out.put(entry.substring(0, entry.lastIndexOf('/') + 1) + name, Files.readAllBytes(p));
                        }
                    }
                }
            }
            case "jar" -> {
                JarURLConnection conn = (JarURLConnection) url.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        if (je.getName().startsWith(nestedPrefix) && je.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(je)) {
                                out.put(je.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            default -> { /* a class from elsewhere: only its own file */ }
        }
        return out;
    }
}
