package org.lightweb.matchmaker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The backup exchange's state events (README.md, "The protocol"). Every node reads the same room state and so computes
 * the same proposals; what a node says is only believed when its sender is a user of the server it speaks for.
 */
final class Protocol {
    static final String OFFER = "org.lightweb.backup.offer";
    static final String PROPOSAL = "org.lightweb.backup.proposal";
    static final String DECISION = "org.lightweb.backup.decision";
    static final String AGREEMENT = "org.lightweb.backup.agreement";
    static final String PREFIX = "org.lightweb.backup.";

    static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private Protocol() {
    }

    /** The server part of a user id, or null. */
    static String serverOf(String userId) {
        if (userId == null || !userId.startsWith("@")) return null;
        int colon = userId.indexOf(':');
        return colon < 0 ? null : userId.substring(colon + 1);
    }

    static boolean validServer(String s) {
        return s != null && s.length() <= 255 && SERVER.matcher(s).matches();
    }

    /** A proposal's id: the first 16 hex digits of SHA-256 over the two servers, sorted, so a pair has one id. */
    static String proposalId(String a, String b) {
        String lo = a.compareTo(b) <= 0 ? a : b;
        String hi = lo.equals(a) ? b : a;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("lightweb-match|" + lo + "|" + hi).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decision's state key: {@code <proposal id>/<server>}. */
    static String decisionKey(String proposalId, String server) {
        return proposalId + "/" + server;
    }
}
