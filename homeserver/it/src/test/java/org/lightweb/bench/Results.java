package org.lightweb.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run: for each figure (in the order first reported), its label, unit, which direction is
 * better, an optional goal, and a value per server ("lightweb", "synapse"). Prints the run's one table.
 */
final class Results {
    /** A goal: a bound on lightweb's value ({@code max}), or a least ratio over Synapse's ({@code minRatio}). */
    record Goal(String text, double max, double minRatio) {
        static Goal under(double max, String text) { return new Goal(text, max, Double.NaN); }

        static Goal timesSynapse(double ratio) { return new Goal("at least " + fmtNum(ratio) + "x synapse", Double.NaN, ratio); }
    }

    private static final class Row {
        final String label;
        final String unit;
        final boolean higherIsBetter;
        Goal goal;
        final Map<String, Double> values = new LinkedHashMap<>();
        final Map<String, String> notes = new LinkedHashMap<>();

        Row(String label, String unit, boolean higherIsBetter) {
            this.label = label;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> footnotes = new ArrayList<>();

    /** Records a figure: {@code id} is stable, {@code label} is what the table says. */
    synchronized void add(String server, String id, String label, double value, String unit, boolean higherIsBetter) {
        rows.computeIfAbsent(id, k -> new Row(label, unit, higherIsBetter)).values.put(server, value);
    }

    /** A text in place of a value (e.g. "n/a: why"). */
    synchronized void note(String server, String id, String label, String text) {
        rows.computeIfAbsent(id, k -> new Row(label, "", true)).notes.put(server, text);
    }

    synchronized void goal(String id, Goal goal) {
        Row r = rows.get(id);
        if (r != null) r.goal = goal;
    }

    synchronized void footnote(String text) { footnotes.add(text); }

    /** The table: figure | lightweb | synapse | ratio (how many times better lightweb is; not for counts) | goal. */
    synchronized String table(boolean withSynapse) {
        List<String[]> out = new ArrayList<>();
        out.add(withSynapse ? new String[] {"figure", "lightweb", "synapse", "ratio", "goal"}
                : new String[] {"figure", "lightweb", "goal"});
        for (Row r : rows.values()) {
            String lw = cell(r, "lightweb");
            Double a = r.values.get("lightweb");
            Double b = r.values.get("synapse");
            Double ratio = a == null || b == null || a == 0 || b == 0 || r.unit.equals("count") ? null
                    : r.higherIsBetter ? a / b : b / a;
            String goal = r.goal == null ? "" : verdict(r, a, ratio);
            String label = r.label + (r.unit.isEmpty() ? "" : " (" + r.unit + ")");
            out.add(withSynapse ? new String[] {label, lw, cell(r, "synapse"), ratio == null ? "" : fmtNum(ratio) + "x", goal}
                    : new String[] {label, lw, goal});
        }
        int[] width = new int[out.get(0).length];
        for (String[] row : out) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < out.size(); n++) {
            String[] row = out.get(n);
            sb.append("| ");
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? pad(row[i], width[i]) : padLeft(row[i], width[i])).append(" | ");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
            if (n == 0) {
                sb.append('|');
                for (int w : width) sb.append(" ").append("-".repeat(w)).append(" |");
                sb.append('\n');
            }
        }
        for (String f : footnotes) sb.append("\n").append(f);
        return sb.toString();
    }

    private static String verdict(Row r, Double value, Double ratio) {
        Goal g = r.goal;
        if (!Double.isNaN(g.max())) {
            if (value == null) return g.text() + ": not measured";
            return g.text() + ": " + (value < g.max() ? "met" : "missed by " + fmtNum(value / g.max()) + "x");
        }
        if (ratio == null) return g.text() + ": needs --vs-synapse";
        return g.text() + ": " + (ratio >= g.minRatio() ? "met" : "missed by " + fmtNum(g.minRatio() / ratio) + "x");
    }

    private static String cell(Row r, String server) {
        if (r.notes.containsKey(server)) return r.notes.get(server);
        Double v = r.values.get(server);
        if (v == null) return "";
        return fmtNum(v);
    }

    static String fmtNum(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        double a = Math.abs(v);
        return String.format(a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String pad(String s, int w) { return s + " ".repeat(w - s.length()); }

    private static String padLeft(String s, int w) { return " ".repeat(w - s.length()) + s; }
}
