package dev.pdsaccounts.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table every benchmark adds its figures to: benchmark, metric, measured value, goal and verdict.
 * Printed as aligned text at the end of a run, and optionally as Markdown for {@code RESULTS.md}.
 * Thread-safe for appends.
 */
public final class ResultTable {
    /** Whether a figure meets its goal. */
    public enum Verdict {
        /** The goal is met. */
        MET("met"),
        /** The goal is not met. */
        NOT_MET("NOT MET"),
        /** A figure without a goal of its own (context for another one). */
        INFO(""),
        /** Not measured (e.g. no PostgreSQL URL, or the code has not landed). */
        SKIPPED("skipped");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /**
         * The label printed in the table.
         *
         * @return the label
         */
        public String label() {
            return label;
        }

        /**
         * {@link #MET} or {@link #NOT_MET}.
         *
         * @param met whether the goal is met
         * @return the verdict
         */
        public static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    /**
     * One line of the table.
     *
     * @param bench the benchmark that produced it
     * @param metric what was measured (store, threads, population...)
     * @param value the measured figure with its unit
     * @param goal the goal, or empty
     * @param verdict whether the goal is met
     */
    public record Row(String bench, String metric, String value, String goal, Verdict verdict) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * Adds a figure without a goal.
     *
     * @param bench the benchmark
     * @param metric the metric
     * @param value the figure with its unit
     */
    public synchronized void info(String bench, String metric, String value) {
        rows.add(new Row(bench, metric, value, "", Verdict.INFO));
    }

    /**
     * Adds a figure with its goal and verdict.
     *
     * @param bench the benchmark
     * @param metric the metric
     * @param value the figure with its unit
     * @param goal the goal
     * @param met whether the goal is met
     */
    public synchronized void goal(String bench, String metric, String value, String goal, boolean met) {
        rows.add(new Row(bench, metric, value, goal, Verdict.of(met)));
    }

    /**
     * Records that a figure was not measured, and why.
     *
     * @param bench the benchmark
     * @param metric the metric
     * @param why the reason, printed in the value column
     */
    public synchronized void skipped(String bench, String metric, String why) {
        rows.add(new Row(bench, metric, why, "", Verdict.SKIPPED));
    }

    /**
     * Adds a note printed under the table (caveats, what a figure includes).
     *
     * @param note the note
     */
    public synchronized void note(String note) {
        notes.add(note);
    }

    /**
     * The rows so far.
     *
     * @return a copy of the rows
     */
    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * Prints the table as aligned text.
     *
     * @param out where to print
     */
    public synchronized void print(PrintStream out) {
        String[] head = {"benchmark", "metric", "value", "goal", "verdict"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (Row r : rows) {
            String[] c = cells(r);
            for (int i = 0; i < c.length; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        out.println(line(head, w));
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            sep.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
        }
        out.println(sep);
        for (Row r : rows) {
            out.println(line(cells(r), w));
        }
        for (String n : notes) {
            out.println("* " + n);
        }
    }

    /**
     * Renders the table as Markdown.
     *
     * @return the Markdown table followed by the notes as a list
     */
    public synchronized String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | metric | value | goal | verdict |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            String[] c = cells(r);
            sb.append("| ").append(String.join(" | ", c).replace("\n", " ")).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    private static String[] cells(Row r) {
        return new String[] {r.bench(), r.metric(), r.value(), r.goal(), r.verdict().label()};
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            sb.append(cells[i]).append(" ".repeat(w[i] - cells[i].length()));
        }
        return sb.toString().stripTrailing();
    }
}
