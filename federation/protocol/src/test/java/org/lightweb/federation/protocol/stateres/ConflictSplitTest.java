package org.lightweb.federation.protocol.stateres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.federation.protocol.StateKey;

class ConflictSplitTest {
    private static final StateKey CREATE = StateKey.create();
    private static final StateKey TOPIC = StateKey.of("m.room.topic", "");
    private static final StateKey NAME = StateKey.of("m.room.name", "");

    @Test
    void splitShouldKeepAKeyUnconflictedWhenEveryStateSetHoldsTheSameEvent() {
        ConflictSplit split = ConflictSplit.of(List.of(Map.of(CREATE, "$c", TOPIC, "$t1"), Map.of(CREATE, "$c", TOPIC, "$t2")));

        assertThat(split.unconflicted()).isEqualTo(Map.of(CREATE, "$c"));
        assertThat(split.conflicted()).isEqualTo(Map.of(TOPIC, Set.of("$t1", "$t2")));
        assertThat(split.conflictedEvents()).containsExactly("$t1", "$t2");
    }

    @Test
    void splitShouldConflictAKeyWhenSomeStateSetLacksIt() {
        ConflictSplit split = ConflictSplit.of(List.of(Map.of(CREATE, "$c", NAME, "$n"), Map.of(CREATE, "$c"), Map.of(CREATE, "$c", NAME, "$n")));

        assertThat(split.unconflicted()).isEqualTo(Map.of(CREATE, "$c"));
        assertThat(split.conflicted()).isEqualTo(Map.of(NAME, Set.of("$n")));
    }
}
