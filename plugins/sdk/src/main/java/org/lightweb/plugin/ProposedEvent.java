package org.lightweb.plugin;

import java.util.Map;

/** A local event about to be sent, as its sender asked for it (it has no id yet). */
public record ProposedEvent(String roomId, String sender, String type, String stateKey, Map<String, Object> content) {
    public boolean isState() { return stateKey != null; }
}
