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

/**
 * PostgreSQL: to_tsvector('english', value), the expression of the GIN index event_search_fts, against a prefix
 * tsquery ({@code word:* & word:*}); ts_rank_cd for relevance.
 */
final class PostgresSearchIndex extends JooqSearchIndex {
    PostgresSearchIndex(Db db) {
        super(db);
    }

    @Override
    SelectJoinStep<Record> from(DSLContext ctx, List<Field<?>> fields) {
        return ctx.select(fields).from(EVENT_SEARCH);
    }

    @Override
    Condition matches(List<String> words) {
        return DSL.condition("to_tsvector('english', {0}) @@ to_tsquery('english', {1})", EVENT_SEARCH.VALUE,
                DSL.val(tsquery(words)));
    }

    @Override
    Field<Double> rank(List<String> words) {
        return DSL.field("ts_rank_cd(to_tsvector('english', {0}), to_tsquery('english', {1}))", SQLDataType.DOUBLE,
                EVENT_SEARCH.VALUE, DSL.val(tsquery(words)));
    }

    /** Words are letters and digits only, so they need no quoting. */
    private static String tsquery(List<String> words) {
        return words.stream().map(w -> w + ":*").collect(Collectors.joining(" & "));
    }
}
