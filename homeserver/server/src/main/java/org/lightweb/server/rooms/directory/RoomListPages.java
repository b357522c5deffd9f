package org.lightweb.server.rooms.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.lightweb.core.MatrixException;

/**
 * Pages of the published room list, ordered by joined members (most first) and then room ID. A token names the
 * place between two rooms by the room on one side of it, as Synapse's RoomListNextBatch does, so rooms published,
 * emptied or removed between requests neither repeat nor vanish from the pages still to come. Pure.
 */
public final class RoomListPages {
    /** Synapse's MAX_PUBLIC_ROOMS_IN_RESPONSE: also the page size when the client names none. */
    public static final int MAX_LIMIT = 100;

    /** The directory's order. */
    public static final Comparator<DirectoryEntry> ORDER = Comparator.comparingLong(DirectoryEntry::joinedMembers)
            .reversed().thenComparing(DirectoryEntry::roomId);

    private RoomListPages() {}

    /** One page; tokens are null when there is nothing that way. */
    public record Page(List<DirectoryEntry> chunk, String nextBatch, String prevBatch, int total) {}

    /**
     * A token: {@code forwards} for the rooms after the position (next_batch), else for those before it
     * (prev_batch). The position is a room's (joined members, room ID) place in {@link #ORDER}.
     */
    record Token(boolean forwards, long joinedMembers, String roomId) {
        /** Before every room: where next_batch starts a list from its beginning. */
        static Token start() { return new Token(true, Long.MAX_VALUE, ""); }

        /** After every room: where prev_batch ends a list at its end. */
        static Token end() { return new Token(false, -1, ""); }

        String encode() {
            String raw = (forwards ? "f" : "b") + joinedMembers + "|" + roomId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** 400 M_INVALID_PARAM for anything this class did not hand out. */
        static Token decode(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                char dir = raw.charAt(0);
                if (bar < 2 || dir != 'f' && dir != 'b') throw new IllegalArgumentException(token);
                return new Token(dir == 'f', Long.parseLong(raw.substring(1, bar)), raw.substring(bar + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw MatrixException.invalidParam("Invalid pagination token: " + token);
            }
        }

        /** Sign of the room's place against the position: negative before it, positive after. */
        int compare(DirectoryEntry e) {
            int byMembers = Long.compare(joinedMembers, e.joinedMembers());
            return byMembers != 0 ? byMembers : e.roomId().compareTo(roomId);
        }
    }

    /** The page of {@code sorted} (in {@link #ORDER}) that {@code since} (or the start) and {@code limit} ask for. */
    public static Page page(List<DirectoryEntry> sorted, Integer limit, String since) {
        int size = limit == null || limit == 0 ? MAX_LIMIT : limit;
        if (size < 0) throw MatrixException.invalidParam("limit must not be negative");
        size = Math.min(size, MAX_LIMIT);
        int from;
        int to;
        Token token = since == null || since.isEmpty() ? null : Token.decode(since);
        if (token == null) {
            from = 0;
            to = Math.min(size, sorted.size());
        } else if (token.forwards()) {
            from = firstIndex(sorted, token, true);
            to = Math.min(from + size, sorted.size());
        } else {
            to = firstIndex(sorted, token, false);
            from = Math.max(0, to - size);
        }
        String next = to < sorted.size() ? (to > 0 ? at(sorted.get(to - 1), true) : Token.start()).encode() : null;
        String prev = from > 0 ? (from < sorted.size() ? at(sorted.get(from), false) : Token.end()).encode() : null;
        return new Page(List.copyOf(sorted.subList(from, to)), next, prev, sorted.size());
    }

    /** The first room after the position ({@code strictly}), or the first not before it. */
    private static int firstIndex(List<DirectoryEntry> sorted, Token token, boolean strictly) {
        for (int i = 0; i < sorted.size(); i++) {
            int c = token.compare(sorted.get(i));
            if (strictly ? c > 0 : c >= 0) return i;
        }
        return sorted.size();
    }

    private static Token at(DirectoryEntry e, boolean forwards) {
        return new Token(forwards, e.joinedMembers(), e.roomId());
    }
}
