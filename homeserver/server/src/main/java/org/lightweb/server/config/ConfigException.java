package org.lightweb.server.config;

import java.util.List;

/** An operator mistake in the config: one line per problem, each naming the key, the value and what is expected. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() { return problems; }
}
