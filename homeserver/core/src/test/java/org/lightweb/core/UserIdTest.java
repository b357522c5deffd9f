package org.lightweb.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserIdTest {
    @Test
    void parseShouldSplitLocalpartAndServerWhenServerHasPort() {
        UserId id = UserId.parse("@alice:localhost:8448").orElseThrow();
        assertThat(id.localpart()).isEqualTo("alice");
        assertThat(id.server().value()).isEqualTo("localhost:8448");
        assertThat(id.toString()).isEqualTo("@alice:localhost:8448");
    }

    @Test
    void parseShouldAcceptHistoricalCharactersWhenPrintableAscii() {
        assertThat(UserId.parse("@Alice!:example.org")).isPresent();
    }

    @Test
    void parseShouldRejectWhenMalformed() {
        assertThat(UserId.parse("alice:example.org")).isEmpty();
        assertThat(UserId.parse("@:example.org")).isEmpty();
        assertThat(UserId.parse("@alice")).isEmpty();
        assertThat(UserId.parse("@ali ce:example.org")).isEmpty();
        assertThat(UserId.parse("@alice:exa mple.org")).isEmpty();
        assertThat(UserId.parse("@" + "a".repeat(250) + ":example.org")).isEmpty();
    }

    @Test
    void newLocalpartGrammarShouldFollowTheSpecWhenRegistering() {
        assertThat(UserId.isValidNewLocalpart("alice.b_c=d/e+f-0")).isTrue();
        assertThat(UserId.isValidNewLocalpart("Alice")).isFalse();
        assertThat(UserId.isValidNewLocalpart("al:ice")).isFalse();
        assertThat(UserId.isValidNewLocalpart("")).isFalse();
        assertThat(UserId.isValidNewLocalpart("élan")).isFalse();
    }
}
