package org.lightweb.storage.search;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.storage.Db;

/**
 * Full-text search over room events (client-server API, Server Side Search). Rows are written by
 * {@link EventSearchRows} in the transaction that stores the event; this reads them. One interface, one
 * implementation per database: SQLite FTS5 ({@link SqliteSearchIndex}) and PostgreSQL tsvector
 * ({@link PostgresSearchIndex}), chosen by {@link #forDatabase}.
 */
public interface SearchIndex {
    /** The index that fits the database {@code db} runs on. */
    static SearchIndex forDatabase(Db db) {
        return db.database().isSqlite() ? new SqliteSearchIndex(db) : new PostgresSearchIndex(db);
    }

    /**
     * The events matching every word of {@code q} (each word a prefix, stemmed by the database's English rules),
     * best first for {@link Order#RANK}, newest first for {@link Order#RECENT}. Redacted events are left out.
     */
    Future<Page> search(Query q);

    /** The order of results: the search body's order_by. */
    enum Order { RANK, RECENT }

    /**
     * @param words      the search words, lower case, letters and digits only; none means nothing matches
     * @param rooms      the rooms to search, each with the last stream position the searcher may see there
     *                   (null: no bound); no rooms means nothing matches
     * @param keys       which fields: content.body, content.name, content.topic
     * @param beforeOrdering for RECENT: only events before this stream position (null: from the newest)
     * @param offset     for RANK: how many of the best results to skip
     * @param limit      at most this many hits
     */
    record Query(List<String> words, Map<String, Long> rooms, Set<String> keys, Order order, Long beforeOrdering,
                 int offset, int limit) {}

    /** A match, with the database's relevance (higher is better; only comparable within one search). */
    record Hit(String eventId, String roomId, long streamOrdering, double rank) {}

    /** @param count how many events match in all (before visibility rules: an approximation, as the spec allows) */
    record Page(List<Hit> hits, long count) {}
}
