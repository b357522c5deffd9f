package org.lightweb.server.plugins;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Section {@code plugins} of homeserver.yaml.
 *
 * @param sections each plugin's own section ({@code plugins.config.<pluginId>}), as YAML gives it
 */
public record PluginsSettings(boolean enabled, Path directory, Path dataDirectory, Duration startTimeout,
                              Duration hookTimeout, Duration requestTimeout, long maxRequestBody, int threadsPerPlugin,
                              int queueSize, Map<String, Map<String, Object>> sections) {}
