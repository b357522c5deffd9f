package org.lightweb.storage.rooms;

/** (type, state_key) as storage sees it; the protocol module has its own StateKey, storage depends only on core. */
public record StateKeyId(String type, String stateKey) implements Comparable<StateKeyId> {
    @Override
    public int compareTo(StateKeyId o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : stateKey.compareTo(o.stateKey);
    }
}
