package org.lightweb.server.media;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenGraph fields of an HTML page ({@code <meta property="og:..." content="...">}), with the page's
 * {@code <title>} and {@code <meta name="description">} standing in for a missing og:title and og:description,
 * as Synapse does. Only meta tags and the title are read, never scripts, so a tolerant pattern scan is enough.
 */
public final class OpenGraph {
    private static final Pattern META = Pattern.compile("<meta\\s([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    private static final int MAX_VALUE_LENGTH = 1000;

    private OpenGraph() {}

    public static Map<String, String> parse(String html) {
        Map<String, String> og = new LinkedHashMap<>();
        String description = null;
        Matcher meta = META.matcher(html);
        while (meta.find()) {
            Map<String, String> attrs = attributes(meta.group(1));
            String key = attrs.getOrDefault("property", attrs.get("name"));
            String content = attrs.get("content");
            if (key == null || content == null) continue;
            key = key.toLowerCase(Locale.ROOT);
            if (key.startsWith("og:")) og.putIfAbsent(key, clip(unescape(content)));
            else if (key.equals("description")) description = clip(unescape(content));
        }
        if (!og.containsKey("og:title")) {
            Matcher title = TITLE.matcher(html);
            if (title.find() && !title.group(1).isBlank()) og.put("og:title", clip(unescape(title.group(1).strip())));
        }
        if (!og.containsKey("og:description") && description != null) og.put("og:description", description);
        return og;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            attrs.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return attrs;
    }

    private static String clip(String s) {
        return s.length() <= MAX_VALUE_LENGTH ? s : s.substring(0, MAX_VALUE_LENGTH);
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
