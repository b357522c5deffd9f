package org.lightweb.plugin.example.greeter;

import java.time.Duration;
import java.util.Locale;
import org.lightweb.plugin.PluginConfig;
import org.lightweb.plugin.PluginConfigException;

/**
 * The greeter's section of homeserver.yaml ({@code plugins.config.example-greeter}):
 *
 * <pre>
 * greeting: "Kia ora"        # default "Hello"
 * forbidden_word: "spoiler"  # optional: messages containing it are refused
 * tick_interval: 30m         # default 1h
 * </pre>
 *
 * @param forbiddenWord lower case, or null when none is set
 */
public record GreeterSettings(String greeting, String forbiddenWord, Duration tickInterval) {

    /** Reads and validates the section; throws {@link PluginConfigException} naming the key that is wrong. */
    public static GreeterSettings from(PluginConfig config) {
        config.allowOnly("greeting", "forbidden_word", "tick_interval");
        String greeting = config.string("greeting", "Hello");
        if (greeting.isBlank()) {
            throw new PluginConfigException("key '" + config.full("greeting") + "' is empty: expected a greeting such as Hello");
        }
        String forbidden = config.string("forbidden_word", null);
        if (forbidden != null && forbidden.isBlank()) {
            throw new PluginConfigException("key '" + config.full("forbidden_word") + "' is empty: remove it or give a word");
        }
        Duration tick = config.duration("tick_interval", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(365));
        return new GreeterSettings(greeting, forbidden == null ? null : forbidden.toLowerCase(Locale.ROOT), tick);
    }
}
