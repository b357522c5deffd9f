package org.lightweb.appservice.adminbot;

import java.util.List;

/** The little HTML the bot writes: escaped text and tables (Element renders table, thead, tbody, tr, th, td). */
public final class Html {
    private Html() {}

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String code(String s) { return "<code>" + escape(s) + "</code>"; }

    /** A table; {@code headers} null for one without a header row. Every cell is escaped. */
    public static String table(List<String> headers, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("<table>");
        if (headers != null) {
            out.append("<thead><tr>");
            headers.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
            out.append("</tr></thead>");
        }
        out.append("<tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(c -> out.append("<td>").append(escape(c)).append("</td>"));
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }
}
