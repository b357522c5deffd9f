package org.lightweb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link StreamPositions} promises, on every database: gap-free, never repeated positions. */
public interface StreamPositionsContract extends StorageContract {

    default long next(String stream, int count) {
        return await(storage().db().write(tx -> StreamPositions.next(tx, stream, count)));
    }

    default long current(String stream) {
        return await(storage().db().read(ctx -> StreamPositions.current(ctx, stream)));
    }

    @Test
    default void currentShouldBeZeroWhenNothingWasAllocated() {
        assertThat(current(TestStorage.freshName("stream"))).isZero();
    }

    @Test
    default void nextShouldReturnTheLastReservedPositionWhenReservingSeveral() {
        String stream = TestStorage.freshName("stream");

        assertThat(next(stream, 1)).isEqualTo(1);
        assertThat(next(stream, 5)).isEqualTo(6);
        assertThat(next(stream, 1)).isEqualTo(7);
        assertThat(current(stream)).isEqualTo(7);
    }

    @Test
    default void nextShouldKeepStreamsApartWhenSeveralAreUsed() {
        String a = TestStorage.freshName("stream");
        String b = TestStorage.freshName("stream");

        next(a, 10);
        next(b, 1);

        assertThat(current(a)).isEqualTo(10);
        assertThat(current(b)).isEqualTo(1);
    }

    @Test
    default void nextShouldAnswerItsOwnStreamWhenAnotherStreamWasCreatedInBetween() {
        String a = TestStorage.freshName("stream");
        String b = TestStorage.freshName("stream");

        assertThat(next(a, 1)).isEqualTo(1);
        assertThat(next(b, 40)).isEqualTo(40);
        assertThat(next(a, 1)).isEqualTo(2);   // an update after b's insert: last_insert_rowid() would name b's row
        assertThat(next(b, 1)).isEqualTo(41);
    }

    @Test
    default void nextShouldHandOutEachPositionOnceWhenWritersRace() {
        String stream = TestStorage.freshName("stream");
        List<Future<Long>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) writes.add(storage().db().write(tx -> StreamPositions.next(tx, stream, 1)));

        await(Future.all(writes));

        assertThat(writes).extracting(Future::result)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(current(stream)).isEqualTo(20);
    }

    @Test
    default void nextShouldStayAtomicWhenTheTransactionRollsBack() {
        String stream = TestStorage.freshName("stream");
        next(stream, 3);

        TestStorage.awaitFailure(storage().db().write(tx -> {
            StreamPositions.next(tx, stream, 100);
            throw new IllegalStateException("the rest of the write failed");
        }));

        assertThat(current(stream)).isEqualTo(3);
    }
}
