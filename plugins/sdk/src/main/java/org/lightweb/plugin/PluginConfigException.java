package org.lightweb.plugin;

/** A plugin's configuration is wrong: the message names the key, the value and what is expected. */
public class PluginConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginConfigException(String message) {
        super(message);
    }
}
