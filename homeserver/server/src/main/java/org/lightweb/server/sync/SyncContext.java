package org.lightweb.server.sync;

import org.lightweb.server.http.Requester;

/**
 * One sync request being answered: who, from where ({@code since} null for an initial sync) to where, with
 * which filter.
 */
public record SyncContext(Requester who, SyncToken since, SyncToken upTo, SyncFilter filter, boolean fullState) {
    public boolean initial() { return since == null; }

    public String userId() { return who.userId().toString(); }

    /** The since position of a stream (0 for an initial sync). */
    public long since(SyncToken.Stream s) { return since == null ? 0 : since.get(s); }
}
