package org.lightweb.server.search;

import org.lightweb.core.MatrixException;
import org.lightweb.storage.search.SearchIndex.Order;

/**
 * Where the next page of a search starts: {@code r<offset>} for rank order (how many of the best matches were
 * read), {@code s<stream position>} for recent order (matches before that event). Opaque to clients.
 */
record SearchToken(Long beforeOrdering, int offset) {
    static final SearchToken START = new SearchToken(null, 0);

    /** The position of a next_batch token; 400 M_INVALID_PARAM when it is not one of ours for this order. */
    static SearchToken parse(String token, Order order) {
        if (token == null) return START;
        char kind = order == Order.RANK ? 'r' : 's';
        try {
            if (token.length() < 2 || token.charAt(0) != kind) throw new NumberFormatException();
            long n = Long.parseLong(token.substring(1));
            if (n < 0) throw new NumberFormatException();
            return order == Order.RANK ? new SearchToken(null, (int) Math.min(n, Integer.MAX_VALUE)) : new SearchToken(n, 0);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("next_batch is not a token of this search");
        }
    }

    /** The position after a match at {@code streamOrdering}. */
    SearchToken after(Order order, long streamOrdering) {
        return order == Order.RANK ? new SearchToken(null, offset + 1) : new SearchToken(streamOrdering, 0);
    }

    String render(Order order) {
        return order == Order.RANK ? "r" + offset : "s" + beforeOrdering;
    }
}
