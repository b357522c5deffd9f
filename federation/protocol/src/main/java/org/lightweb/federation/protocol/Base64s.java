package org.lightweb.federation.protocol;

import java.util.Base64;

/** The appendices' unpadded Base64, standard and URL-safe; decoding accepts padded input too. */
public final class Base64s {
    private static final Base64.Encoder STD = Base64.getEncoder().withoutPadding();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Base64s() {}

    public static String encode(byte[] b) { return STD.encodeToString(b); }

    public static String encodeUrlSafe(byte[] b) { return URL.encodeToString(b); }

    /** Decodes standard or URL-safe Base64, padded or not; IllegalArgumentException when it is neither. */
    public static byte[] decode(String s) {
        String t = s.replace('-', '+').replace('_', '/');
        int rem = t.length() % 4;
        if (rem == 1) throw new IllegalArgumentException("not base64");
        if (rem > 0) t = t + "=".repeat(4 - rem);
        return Base64.getDecoder().decode(t);
    }
}
