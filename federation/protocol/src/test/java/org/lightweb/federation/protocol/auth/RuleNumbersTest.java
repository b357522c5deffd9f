package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightweb.federation.protocol.RoomVersion;

/** Version 12's rule numbers, as numbered in v10.md and v11.md. */
class RuleNumbersTest {
    @ParameterizedTest
    @CsvSource({"1.1, 1.1", "1.3, 1.3", "3.1, 2.1", "3.3, 2.3", "3.4, 2.5", "4, 3", "5.3.5.2, 4.3.5.2", "6, 5", "7.1, 6.1",
            "8, 7", "9, 8", "10.1, 9.1", "10.3, 9.3", "10.5, 9.4", "10.6.1, 9.5.1", "10.10.1, 9.9.1", "10.11, 9.10", "11, 10"})
    void inVersionShouldGiveTheV10AndV11NumberWhenVersionIsBefore12(String v12, String before) {
        assertThat(RuleNumbers.inVersion(RoomVersion.V10, v12)).isEqualTo(before);
        assertThat(RuleNumbers.inVersion(RoomVersion.V11, v12)).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"2", "3.4", "5.3.3", "10.4", "10.11", "11"})
    void inVersionShouldKeepTheNumberWhenVersionIs12(String v12) {
        assertThat(RuleNumbers.inVersion(RoomVersion.V12, v12)).isEqualTo(v12);
    }

    @ParameterizedTest
    @EnumSource(value = RoomVersion.class, names = {"V10", "V11"})
    void inVersionShouldFailWhenTheRuleDoesNotExistBeforeV12(RoomVersion v) {
        assertThatThrownBy(() -> RuleNumbers.inVersion(v, "2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleNumbers.inVersion(v, "10.4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonShouldNameTheRuleFirst() {
        assertThat(AuthResult.reject("5.3.3", "sender is banned").reason()).isEqualTo("5.3.3: sender is banned");
        assertThat(AuthResult.allow("11", "ok").toString()).isEqualTo("allowed by 11: ok");
    }
}
