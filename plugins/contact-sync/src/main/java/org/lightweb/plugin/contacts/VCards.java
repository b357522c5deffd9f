package org.lightweb.plugin.contacts;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** vCard checks (with ez-vcard) and the property look-ups addressbook-query filters need. */
final class VCards {
    private VCards() {}

    /** A vCard that is refused; the message says why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) { super(message); }
    }

    /** Checks one vCard 3.0 or 4.0 with FN and UID; answers its UID. */
    static String validate(String text) throws Invalid {
        String trimmed = text.strip();
        if (!trimmed.regionMatches(true, 0, "BEGIN:VCARD", 0, 11) || !trimmed.toUpperCase(Locale.ROOT).endsWith("END:VCARD")) {
            throw new Invalid("A vCard starts with BEGIN:VCARD and ends with END:VCARD");
        }
        List<VCard> cards;
        try {
            cards = Ezvcard.parse(text).all();
        } catch (RuntimeException e) {
            throw new Invalid("The vCard could not be parsed: " + e.getMessage());
        }
        if (cards.size() != 1) throw new Invalid("A resource holds exactly one vCard, not " + cards.size());
        VCard card = cards.get(0);
        if (card.getVersion() != VCardVersion.V3_0 && card.getVersion() != VCardVersion.V4_0) {
            throw new Invalid("Only vCard 3.0 and 4.0 are accepted");
        }
        if (!hasVersionLine(text)) throw new Invalid("The vCard has no VERSION");
        if (card.getFormattedName() == null || card.getFormattedName().getValue() == null) throw new Invalid("The vCard has no FN");
        if (card.getUid() == null || card.getUid().getValue() == null || card.getUid().getValue().isBlank()) {
            throw new Invalid("The vCard has no UID");
        }
        return card.getUid().getValue();
    }

    private static boolean hasVersionLine(String text) {
        for (String line : unfold(text)) if (name(line).equals("VERSION")) return true;
        return false;
    }

    /** The values of a property ({@code EMAIL}), any group, in order. Text-level: enough for text-match. */
    static List<String> values(String text, String property) {
        List<String> out = new ArrayList<>();
        String wanted = property.toUpperCase(Locale.ROOT);
        for (String line : unfold(text)) {
            if (!name(line).equals(wanted)) continue;
            int colon = valueStart(line);
            if (colon >= 0) out.add(unescape(line.substring(colon + 1)));
        }
        return out;
    }

    private static List<String> unfold(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\r\n|\n|\r")) {
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + raw.substring(1));
            } else {
                out.add(raw);
            }
        }
        return out;
    }

    private static String name(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ';' && line.charAt(end) != ':') end++;
        String n = line.substring(0, end);
        int dot = n.indexOf('.');
        return (dot >= 0 ? n.substring(dot + 1) : n).toUpperCase(Locale.ROOT);
    }

    /** The ':' that ends the parameters (not one inside a quoted parameter value). */
    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == ':' && !quoted) return i;
        }
        return -1;
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
    }
}
