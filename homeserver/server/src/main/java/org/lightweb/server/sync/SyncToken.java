package org.lightweb.server.sync;

import org.lightweb.core.MatrixException;

/**
 * The one opaque sync token: the position of every stream sync carries,
 * {@code s<events>_<typing>_<receipts>_<presence>_<account_data>_<to_device>_<device_lists>}. Positions come
 * from the database (typing's from memory: typing does not outlive a restart anyway), so tokens survive restarts.
 */
public record SyncToken(long events, long typing, long receipts, long presence, long accountData, long toDevice,
                        long deviceLists) {
    public static final SyncToken ZERO = new SyncToken(0, 0, 0, 0, 0, 0, 0);

    public enum Stream { EVENTS, TYPING, RECEIPTS, PRESENCE, ACCOUNT_DATA, TO_DEVICE, DEVICE_LISTS }

    public long get(Stream s) {
        return switch (s) {
            case EVENTS -> events;
            case TYPING -> typing;
            case RECEIPTS -> receipts;
            case PRESENCE -> presence;
            case ACCOUNT_DATA -> accountData;
            case TO_DEVICE -> toDevice;
            case DEVICE_LISTS -> deviceLists;
        };
    }

    public SyncToken with(Stream s, long position) {
        return new SyncToken(s == Stream.EVENTS ? position : events, s == Stream.TYPING ? position : typing,
                s == Stream.RECEIPTS ? position : receipts, s == Stream.PRESENCE ? position : presence,
                s == Stream.ACCOUNT_DATA ? position : accountData, s == Stream.TO_DEVICE ? position : toDevice,
                s == Stream.DEVICE_LISTS ? position : deviceLists);
    }

    /** True when some stream of this token is ahead of {@code other}. */
    public boolean isAfter(SyncToken other) {
        for (Stream s : Stream.values()) if (get(s) > other.get(s)) return true;
        return false;
    }

    /** Parses a token; a token with fewer parts (e.g. a pagination token {@code s42}) has zeros for the rest. */
    public static SyncToken parse(String token) {
        if (token == null || token.length() < 2 || token.charAt(0) != 's') throw invalid(token);
        String[] parts = token.substring(1).split("_", -1);
        if (parts.length > 7) throw invalid(token);
        long[] v = new long[7];
        try {
            for (int i = 0; i < parts.length; i++) {
                v[i] = Long.parseLong(parts[i]);
                if (v[i] < 0) throw invalid(token);
            }
        } catch (NumberFormatException e) {
            throw invalid(token);
        }
        return new SyncToken(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    private static MatrixException invalid(String token) {
        return MatrixException.invalidParam("Invalid sync token: " + token);
    }

    @Override
    public String toString() {
        return "s" + events + "_" + typing + "_" + receipts + "_" + presence + "_" + accountData + "_" + toDevice + "_" + deviceLists;
    }
}
