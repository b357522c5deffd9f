package org.lightweb.appservice.adminbot;

import java.util.List;
import java.util.Map;

/** What the bot answers: a plain-text body and, usually, an HTML formatted_body for Element. */
public record Reply(String text, String html) {

    public static Reply text(String text) { return new Reply(text, Html.escape(text).replace("\n", "<br>")); }

    /** A title and a table; the plain text gives one line per row, cells separated by " | ". */
    public static Reply table(String title, List<String> headers, List<List<String>> rows) {
        StringBuilder text = new StringBuilder(title);
        if (!rows.isEmpty()) text.append('\n').append(String.join(" | ", headers));
        for (List<String> row : rows) text.append('\n').append(String.join(" | ", row));
        String html = "<p><strong>" + Html.escape(title) + "</strong></p>" + (rows.isEmpty() ? "" : Html.table(headers, rows));
        return new Reply(text.toString(), html);
    }

    /** A title and field: value lines, as a two-column table. */
    public static Reply fields(String title, Map<String, String> fields) {
        StringBuilder text = new StringBuilder(title);
        fields.forEach((k, v) -> text.append('\n').append(k).append(": ").append(v));
        List<List<String>> rows = fields.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList();
        return new Reply(text.toString(), "<p><strong>" + Html.escape(title) + "</strong></p>" + Html.table(null, rows));
    }
}
