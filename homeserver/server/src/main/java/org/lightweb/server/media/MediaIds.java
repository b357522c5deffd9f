package org.lightweb.server.media;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;

/**
 * The grammar of the two parts of an {@code mxc://serverName/mediaId} URI, checked before anything touches the
 * database or the disk. Media ids are the spec's {@code [A-Za-z0-9_-]+} (so never {@code /} or {@code ..});
 * ours are 24 random letters and digits, like Synapse's.
 */
public final class MediaIds {
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaIds() {}

    public static String generate() {
        StringBuilder id = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return id.toString();
    }

    public static boolean isValidMediaId(String id) {
        return id != null && MEDIA_ID.matcher(id).matches();
    }

    /** The media id, or 400 M_INVALID_PARAM when it is outside the grammar. */
    public static String mediaId(String id) {
        if (!isValidMediaId(id)) throw MatrixException.invalidParam("Invalid media id");
        return id;
    }

    /** The server name, or 400 M_INVALID_PARAM when it is not one (a '/' or '..' never is). */
    public static ServerName serverName(String name) {
        if (name == null || name.contains("/") || name.contains("..")) throw MatrixException.invalidParam("Invalid server name");
        return ServerName.parse(name).orElseThrow(() -> MatrixException.invalidParam("Invalid server name"));
    }
}
