package org.lightweb.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.storage.search.SearchIndex.Order;

class SearchRequestTest {
    @Test
    void parseShouldApplyTheSpecsDefaultsWhenOnlyTheTermIsGiven() {
        SearchRequest req = SearchRequest.parse(Json.parse("{\"search_term\":\"hi\"}"), 100, 20);

        assertThat(req.order()).isEqualTo(Order.RANK);
        assertThat(req.keys()).isEqualTo(SearchRequest.ALL_KEYS);
        assertThat(req.limit()).isEqualTo(10);
        assertThat(req.context()).isNull();
        assertThat(req.groupBy()).isEmpty();
    }

    @Test
    void parseShouldLowerLimitsToTheConfiguredMaximaWhenAskedForMore() {
        SearchRequest req = SearchRequest.parse(Json.parse("{\"search_term\":\"hi\",\"filter\":{\"limit\":500},"
                + "\"event_context\":{\"before_limit\":99}}"), 50, 3);

        assertThat(req.limit()).isEqualTo(50);
        assertThat(req.context().beforeLimit()).isEqualTo(3);
        assertThat(req.context().afterLimit()).isEqualTo(3);
    }

    @Test
    void parseShouldRefuseUnknownKeysOrdersAndGroupings() {
        for (String bad : new String[] {"{}", "{\"search_term\":5}", "{\"search_term\":\"x\",\"keys\":[\"content.url\"]}",
                "{\"search_term\":\"x\",\"order_by\":\"loud\"}",
                "{\"search_term\":\"x\",\"groupings\":{\"group_by\":[{\"key\":\"type\"}]}}",
                "{\"search_term\":\"x\",\"event_context\":{\"after_limit\":-1}}"}) {
            assertThatThrownBy(() -> SearchRequest.parse(Json.parse(bad), 10, 10)).as(bad)
                    .isInstanceOf(MatrixException.class);
        }
    }

    @Test
    void tokenShouldRoundTripAndRefuseATokenOfTheOtherOrder() {
        SearchToken rank = SearchToken.START.after(Order.RANK, 42).after(Order.RANK, 7);
        SearchToken recent = SearchToken.START.after(Order.RECENT, 42);

        assertThat(SearchToken.parse(rank.render(Order.RANK), Order.RANK)).isEqualTo(rank);
        assertThat(SearchToken.parse(recent.render(Order.RECENT), Order.RECENT).beforeOrdering()).isEqualTo(42L);
        assertThatThrownBy(() -> SearchToken.parse(rank.render(Order.RANK), Order.RECENT)).isInstanceOf(MatrixException.class);
        assertThatThrownBy(() -> SearchToken.parse("s-1", Order.RECENT)).isInstanceOf(MatrixException.class);
    }
}
