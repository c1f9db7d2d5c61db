package org.nas4det.core.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line console progress bar for training: iteration / total, each loss, images/s and ETA;
 * redrawn in place on a terminal, at most one line per second otherwise.
 *
 * <pre>{@code loop.addTrainingListener(new TrainingProgressBar(System.err));}</pre>
 */
public final class TrainingProgressBar implements TrainingListener {

    private final PrintStream out;
    private final boolean interactive = System.console() != null;
    private long lastPrint;
    private double smoothedRate;

    /**
     * Creates the bar.
     *
     * @param out where to draw
     */
    public TrainingProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStep(TrainingStep step) {
        double rate = step.imagesPerSecond();
        smoothedRate = smoothedRate == 0 ? rate : 0.9 * smoothedRate + 0.1 * rate;
        long now = System.nanoTime();
        boolean last = step.iteration() + 1 == step.total();
        if (!interactive && now - lastPrint < 1_000_000_000L && !last) {
            return;
        }
        lastPrint = now;
        out.print(line(step, smoothedRate));
        out.print(interactive && !last ? "\r" : "\n");
        out.flush();
    }

    @Override
    public void onEvaluation(int iteration, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder("eval @").append(iteration).append(':');
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
        out.println(interactive ? "\n" + sb : sb.toString());
    }

    static String line(TrainingStep step, double imagesPerSecond) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "iter %d/%d", step.iteration() + 1, step.total()));
        for (Map.Entry<String, Float> e : step.losses().entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s=%.4f", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, " lr=%.4g %.1f img/s", step.learningRate(), imagesPerSecond));
        int left = step.total() - step.iteration() - 1;
        double secondsPerIter = step.seconds();
        long eta = Math.round(left * secondsPerIter);
        sb.append(String.format(Locale.ROOT, " ETA %dm%02ds", eta / 60, eta % 60));
        return sb.toString();
    }
}
