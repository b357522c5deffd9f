package org.lightweb.server.sync.sliding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncToken;

/** Connection positions: acknowledged, retried, forgotten, unique across restarts; the pos format. */
class ConnectionsTest {
    private static final Connections.Key KEY = new Connections.Key("@a:y", "DEV", "main");

    private static void assertUnknown(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(MatrixException.class)
                .extracting(e -> ((MatrixException) e).errcode().name()).isEqualTo("M_UNKNOWN_POS");
    }

    @Test
    void positionShouldBeUsableAgainWhenTheClientRetries() {
        Connections c = new Connections(100, Duration.ofMinutes(1));
        c.restart(KEY);
        long first = c.record(KEY, ConnectionState.EMPTY);
        assertThat(c.at(KEY, first)).isSameAs(ConnectionState.EMPTY);
        long retry1 = c.record(KEY, ConnectionState.EMPTY);
        assertThat(c.at(KEY, first)).isNotNull();   // the first answer was lost: retrying with its pos works
        long retry2 = c.record(KEY, ConnectionState.EMPTY);
        c.at(KEY, retry2);                           // acknowledging the newest forgets the others
        assertUnknown(() -> c.at(KEY, first));
        assertUnknown(() -> c.at(KEY, retry1));
    }

    @Test
    void oldPositionsShouldBeUnknownWhenTheConnectionRestarts() {
        Connections c = new Connections(100, Duration.ofMinutes(1));
        c.restart(KEY);
        long old = c.record(KEY, ConnectionState.EMPTY);
        c.restart(KEY);
        long fresh = c.record(KEY, ConnectionState.EMPTY);
        assertThat(fresh).isNotEqualTo(old);
        assertUnknown(() -> c.at(KEY, old));
        assertUnknown(() -> c.at(new Connections.Key("@a:y", "DEV", "other"), fresh));
    }

    @Test
    void posShouldRoundTripWhenFormattedAndParsed() {
        SlidingPos pos = new SlidingPos(new SyncToken(5, 0, 1, 0, 3, 0, 0), 42);
        assertThat(SlidingPos.parse(pos.toString())).isEqualTo(pos);
        assertThat(pos.toString()).startsWith("s5_");   // /messages reads the events position from it
        assertUnknown(() -> SlidingPos.parse("garbage"));
        assertUnknown(() -> SlidingPos.parse("s1_2.x"));
    }
}
