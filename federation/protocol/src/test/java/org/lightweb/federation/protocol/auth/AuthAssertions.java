package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.lightweb.federation.protocol.RoomVersion;

/** Assertions on which rule decided. */
final class AuthAssertions {
    private AuthAssertions() {}

    static void assertAllowedBy(AuthResult result, String rule) {
        assertThat(result.allowed()).as("expected allowed by %s, got %s", rule, result).isTrue();
        assertThat(result.rule()).as("the deciding rule of %s", result).isEqualTo(rule);
    }

    static void assertRejectedBy(AuthResult result, String rule) {
        assertThat(result.rejected()).as("expected rejected by %s, got %s", rule, result).isTrue();
        assertThat(result.rule()).as("the deciding rule of %s", result).isEqualTo(rule);
        assertThat(result.reason()).startsWith(rule + ": ");
    }

    /** The rule's number in {@code v}: as written in v12.md, or as written in v10.md/v11.md (which have no rule 2). */
    static String rule(RoomVersion v, String inV12, String inV10AndV11) {
        return v == RoomVersion.V12 ? inV12 : inV10AndV11;
    }
}
