package org.lightweb.plugin;

/** An {@link EventVeto}'s answer. A denial reaches the sender as 403 M_FORBIDDEN with the reason. */
public record Verdict(boolean allowed, String reason) {
    private static final Verdict ALLOW = new Verdict(true, null);

    public static Verdict allow() { return ALLOW; }

    public static Verdict deny(String reason) { return new Verdict(false, reason); }
}
