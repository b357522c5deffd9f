package org.lightweb.storage.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.federation.FederationQueueRepository.Queued;
import org.lightweb.storage.federation.FederationQueueRepository.RetryState;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** The outbound federation queue: order, batching by kind, deletion, the per-destination bound, retry state. */
public interface FederationQueueRepositoryContract extends StorageContract {
    default FederationQueueRepository queue() { return new JooqFederationQueueRepository(storage().db()); }

    private static String dest() { return TestStorage.freshName("d") + ".test"; }

    @Test
    default void rowsShouldComeBackInQueueOrderPerKindWithinTheLimits() {
        var q = queue();
        String a = dest();
        String b = dest();
        for (int i = 0; i < 5; i++) {
            await(q.enqueue(List.of(a, b), FederationQueueRepository.PDU, null, "{\"n\":" + i + "}", 1, 100));
            await(q.enqueue(List.of(a), FederationQueueRepository.EDU, "m.receipt", "{\"e\":" + i + "}", 1, 100));
        }
        List<Queued> batch = await(q.next(a, 3, 2));
        assertThat(batch).extracting(Queued::json)
                .containsExactly("{\"n\":0}", "{\"e\":0}", "{\"n\":1}", "{\"e\":1}", "{\"n\":2}");
        assertThat(batch).extracting(Queued::position).isSorted();
        assertThat(batch.get(1).eduType()).isEqualTo("m.receipt");
        assertThat(await(q.count(b))).isEqualTo(5);
        assertThat(await(q.destinationsWithRows())).contains(a, b);

        await(q.delete(a, batch.stream().map(Queued::position).toList()));
        assertThat(await(q.count(a))).isEqualTo(5);
        assertThat(await(q.next(a, 1, 0))).extracting(Queued::json).containsExactly("{\"n\":3}");
        assertThat(await(q.count(b))).as("another destination keeps its rows").isEqualTo(5);
    }

    @Test
    default void theOldestRowsShouldGoWhenADestinationPassesItsBound() {
        var q = queue();
        String a = dest();
        for (int i = 0; i < 6; i++) {
            var done = await(q.enqueue(List.of(a), FederationQueueRepository.PDU, null, "{\"n\":" + i + "}", 1, 4));
            assertThat(done.dropped().getOrDefault(a, 0)).isEqualTo(i < 4 ? 0 : 1);
        }
        assertThat(await(q.next(a, 50, 100))).extracting(Queued::json)
                .containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        // a new repository (a restart) counts the rows afresh
        var restarted = queue();
        await(restarted.enqueue(List.of(a), FederationQueueRepository.PDU, null, "{\"n\":6}", 1, 4));
        assertThat(await(q.count(a))).isEqualTo(4);
    }

    @Test
    default void retryStateShouldBeKeptUntilCleared() {
        var q = queue();
        String a = dest();
        await(q.recordFailure(new RetryState(a, 1, 10, 20)));
        await(q.recordFailure(new RetryState(a, 2, 30, 50)));
        assertThat(await(q.retryStates()).get(a)).isEqualTo(new RetryState(a, 2, 30, 50));
        await(q.clearFailures(a));
        assertThat(await(q.retryStates())).doesNotContainKey(a);
    }
}
