package org.lightweb.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamChangeCacheTest {
    @Test
    void changedInShouldListEntitiesChangedAfterThePositionWhenKnown() {
        var cache = new StreamChangeCache(10, 100);
        cache.record("!a", 11);
        cache.record("!b", 12);
        cache.record("!a", 13);

        assertThat(cache.changedIn(10, 13)).hasValueSatisfying(s -> assertThat(s).containsExactlyInAnyOrder("!a", "!b"));
        assertThat(cache.changedIn(12, 13)).hasValueSatisfying(s -> assertThat(s).containsExactly("!a"));
        assertThat(cache.changedIn(13, 13)).hasValueSatisfying(s -> assertThat(s).isEmpty());
    }

    @Test
    void changedInShouldNotAnswerWhenAskedAboutPositionsBeforeItStarted() {
        var cache = new StreamChangeCache(10, 100);
        cache.record("!a", 11);

        assertThat(cache.changedIn(9, 11)).isEmpty();
        assertThat(cache.maybeChangedSince("!z", 9)).isTrue();
    }

    @Test
    void forgettingTheOldestShouldMoveTheKnownWindowUpWhenFull() {
        var cache = new StreamChangeCache(0, 2);
        cache.record("!a", 1);
        cache.record("!b", 2);
        cache.record("!c", 3);   // forgets !a at 1

        assertThat(cache.earliestKnown()).isEqualTo(1);
        assertThat(cache.changedIn(0, 3)).isEmpty();
        assertThat(cache.changedIn(1, 3)).hasValueSatisfying(s -> assertThat(s).containsExactlyInAnyOrder("!b", "!c"));
        assertThat(cache.maybeChangedSince("!a", 1)).isFalse();
        assertThat(cache.maybeChangedSince("!c", 2)).isTrue();
    }
}
