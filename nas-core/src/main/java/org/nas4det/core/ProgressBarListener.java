package org.nas4det.core;

import com.google.common.base.Stopwatch;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-line console progress bar: candidates done / total, best so far, rate and ETA. It
 * redraws in place on a terminal stream at most ten times a second and prints at most one line
 * per second otherwise.
 *
 * <pre>{@code SearchProblem.builder(space, evaluator).addListener(new ProgressBarListener(System.err));}</pre>
 */
public final class ProgressBarListener implements SearchListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private Stopwatch clock;
    private int startDone;
    private long lastPrintNanos;
    private Objective primary;

    /**
     * Creates the listener.
     *
     * @param out where to draw (stderr: stdout stays for results)
     */
    public ProgressBarListener(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    @Override
    public void onStart(SearchProblem<?> problem, int total, int done) {
        clock = Stopwatch.createStarted();
        startDone = done;
        primary = problem.objectives().get(0);
    }

    @Override
    public void onCandidate(Candidate<?> candidate, Candidate<?> best, int done, int total) {
        long now = clock.elapsed(TimeUnit.NANOSECONDS);
        // A terminal is redrawn ten times a second (formatting the line for each of 100,000
        // candidates would cost the search a third of its time), a log once a second.
        if (now - lastPrintNanos < (interactive ? 100_000_000L : 1_000_000_000L) && done < total) {
            return;
        }
        lastPrintNanos = now;
        out.print(line(best, done, total, now / 1e9));
        out.print(interactive ? "\r" : "\n");
        out.flush();
    }

    @Override
    public void onFinish(SearchResult<?> result) {
        if (interactive) {
            out.println();
        }
    }

    String line(Candidate<?> best, int done, int total, double seconds) {
        double fraction = total == 0 ? 1 : Math.min(1, done / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append(']');
        double rate = rate(done, startDone, seconds);
        String eta = rate > 0 ? formatSeconds((total - done) / rate) : "?";
        String bestText = "-";
        if (best != null) {
            Map<String, Double> m = best.evaluation().metrics();
            bestText =
                    primary.isCost()
                            ? String.format(Locale.ROOT, "%.6g", primary.value(best.evaluation()))
                            : String.format(Locale.ROOT, "%.6g", m.get(primary.name()));
        }
        return String.format(
                Locale.ROOT,
                "%s %d/%d best %s=%s  %.2f cand/s  ETA %s",
                bar,
                done,
                total,
                primary.name(),
                bestText,
                rate,
                eta);
    }

    /**
     * The rate of candidates evaluated since the search started. A resumed search first replays
     * the candidates its log holds past the last checkpoint, counted in the start's total: until it
     * passes that total, none is new and the rate is 0 (not negative).
     *
     * @param done candidates so far, replayed ones included
     * @param startDone candidates the search started with, the log's included
     * @param seconds seconds since the start
     * @return candidates per second, at least 0
     */
    static double rate(int done, int startDone, double seconds) {
        return seconds > 0 ? Math.max(0, done - startDone) / seconds : 0;
    }

    /**
     * Formats a duration as the bar prints it.
     *
     * @param s seconds
     * @return e.g. {@code 1m05s} or {@code 1h02m}
     */
    public static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
