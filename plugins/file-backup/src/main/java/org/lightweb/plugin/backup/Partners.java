package org.lightweb.plugin.backup;

import java.util.List;

/**
 * The servers this node trades backup space with: it pushes its members' blobs to each, and stores theirs. Fed by the
 * operator's {@code partners} key for now; the match-making service will add agreements through the same interface.
 */
public interface Partners {
    /** Every partner, in a stable order. */
    List<String> servers();

    default boolean isPartner(String server) {
        return servers().contains(server);
    }

    /** The partners the operator configured. */
    static Partners configured(FileBackupSettings settings) {
        List<String> list = settings.partners();
        return () -> list;
    }
}
