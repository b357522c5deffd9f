package org.lightweb.server.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lightweb.core.MatrixException;
import org.lightweb.storage.rooms.RoomPosition;

class PageTokenTest {
    @Test
    void parseShouldReadATopologicalTokenWhenItIsOneThatFormatWrote() {
        RoomPosition p = new RoomPosition(12, 345);
        assertThat(PageToken.format(p)).isEqualTo("t12-345");
        assertThat(PageToken.parse(PageToken.format(p))).isEqualTo(new PageToken.Topological(p));
    }

    @Test
    void parseShouldReadTheEventsStreamWhenGivenASyncPrevBatchOrNextBatch() {
        assertThat(PageToken.parse("s42")).isEqualTo(new PageToken.Stream(42));
        assertThat(PageToken.parse("s42_1_2_3_4_5_6")).isEqualTo(new PageToken.Stream(42));
    }

    @Test
    void parseShouldRefuseWithInvalidParamWhenTheTokenIsMalformed() {
        for (String bad : new String[] {"", "x1", "t", "t1", "t-1-2", "t1-", "t1-x", "tx-1", "t1-2-3", "s", "sx", "s-1",
                "s1_2_3_4_5_6_7_8"}) {
            assertThatThrownBy(() -> PageToken.parse(bad)).as(bad).isInstanceOfSatisfying(MatrixException.class,
                    e -> assertThat(e.body()).containsEntry("errcode", "M_INVALID_PARAM"));
        }
    }

    @Test
    void positionsShouldOrderByDepthThenStreamWhenComparedAsPoints() {
        assertThat(new RoomPosition(3, 100)).isLessThan(new RoomPosition(4, 1));
        assertThat(new RoomPosition(3, 5)).isLessThan(new RoomPosition(3, 6));
    }
}
