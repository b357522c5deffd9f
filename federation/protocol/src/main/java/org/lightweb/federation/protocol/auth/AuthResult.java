package org.lightweb.federation.protocol.auth;

import java.util.Objects;

/**
 * The outcome of the authorisation rules: allowed or rejected, and the rule that decided, numbered as in the
 * room version's own rule list (so "5.3.3" in a v12 room is "4.3.3" in a v11 room; see {@link RuleNumbers}).
 */
public record AuthResult(boolean allowed, String rule, String explanation) {
    public AuthResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** Allowed by {@code rule}, numbered as in the event's room version. */
    public static AuthResult allow(String rule, String explanation) {
        return new AuthResult(true, rule, explanation);
    }

    /** Rejected by {@code rule}, numbered as in the event's room version. */
    public static AuthResult reject(String rule, String explanation) {
        return new AuthResult(false, rule, explanation);
    }

    public boolean rejected() { return !allowed; }

    /** The rule and why, e.g. {@code "5.3.3: sender is banned"}. */
    public String reason() { return rule + ": " + explanation; }

    @Override
    public String toString() { return (allowed ? "allowed by " : "rejected by ") + reason(); }
}
