package org.lightweb.storage.search;

import static org.lightweb.storage.jooq.Tables.EVENT_SEARCH;

import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

/** SQLite: FTS5 (table event_search_fts, rowid = stream_ordering), BM25 for relevance. */
final class SqliteSearchIndex extends JooqSearchIndex {
    SqliteSearchIndex(Db db) {
        super(db);
    }

    @Override
    SelectJoinStep<Record> from(DSLContext ctx, List<Field<?>> fields) {
        return ctx.select(fields).from(EVENT_SEARCH)
                .join(DSL.table(DSL.name("event_search_fts")))
                .on(DSL.field(DSL.name("event_search_fts", "rowid"), Long.class).eq(EVENT_SEARCH.STREAM_ORDERING));
    }

    /** Each word quoted (it is letters and digits only) and starred: an FTS5 prefix query, words ANDed. */
    @Override
    Condition matches(List<String> words) {
        String query = words.stream().map(w -> "\"" + w + "\"*").collect(Collectors.joining(" "));
        return DSL.condition("{0} MATCH {1}", DSL.name("event_search_fts"), DSL.val(query));
    }

    /** bm25() is lower for better matches. */
    @Override
    Field<Double> rank(List<String> words) {
        return DSL.field("-bm25({0})", SQLDataType.DOUBLE, DSL.name("event_search_fts"));
    }
}
