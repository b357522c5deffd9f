package org.lightweb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadershipTest {
    @Test
    void lockKeyShouldDifferWhenClustersDifferAndStayTheSameAcrossProcesses() {
        assertThat(Leadership.lockKey("kaslo.example/")).isEqualTo(Leadership.lockKey("kaslo.example/"));
        assertThat(Leadership.lockKey("kaslo.example/")).isNotEqualTo(Leadership.lockKey("nelson.example/"));
        assertThat(Leadership.lockKey("kaslo.example/a")).isNotEqualTo(Leadership.lockKey("kaslo.example/b"));
    }
}
