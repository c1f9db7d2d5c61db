package org.nas4det.core.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Objective;
import org.nas4det.core.cost.Cost;

/**
 * Times the two final search charts of 92,000 candidates in a fresh JVM, the way a search ends
 * (a measurement, not a test: timings on a shared machine only mean something side by side).
 *
 * <pre>{@code
 * mvn -o -q -DskipTests package -pl examples -am && mvn -o -q test-compile -pl nas-core
 * java -cp examples/target/nas.jar:nas-core/target/test-classes org.nas4det.core.report.ColdPlotTime warm
 * }</pre>
 */
public final class ColdPlotTime {

    private ColdPlotTime() {}

    /**
     * Prints one JSON line of seconds.
     *
     * @param args {@code warm} to start the drawing first, as {@link PlotListener} does when a search starts
     * @throws Exception when a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        long w0 = System.nanoTime();
        boolean warm = args.length > 0 && args[0].equals("warm");
        if (warm) {
            SearchPlots.warmUp();
        }
        double warmS = (System.nanoTime() - w0) / 1e9;
        Random rng = new Random(3);
        Objective score = Objective.maximize("score");
        SearchPlots.Points p = new SearchPlots.Points(score, "conv_macs");
        for (int i = 0; i < 92_000; i++) {
            long macs = 2_000_000_000L + (long) (rng.nextDouble() * 1.7e10);
            Cost cost = Cost.builder().addConvLayer(macs).build();
            int id = i;
            Candidate<Architecture> c = new Candidate<>(i, i / 256, i % 256, () -> "a" + id,
                    Evaluation.of(Map.of("score", Math.log(macs) + rng.nextGaussian() + i * 1e-5), cost, 0));
            p.add(c);
        }
        Path dir = Files.createTempDirectory("plots");
        long t0 = System.nanoTime();
        SearchPlots.progress(p, dir.resolve("progress"));
        long t1 = System.nanoTime();
        SearchPlots.pareto(p, 1.8e10, dir.resolve("pareto"));
        long t2 = System.nanoTime();
        System.out.printf("{\"warm\":%b,\"warm_up_s\":%.3f,\"progress_s\":%.3f,\"pareto_s\":%.3f,\"both_s\":%.3f,\"dir\":\"%s\"}%n",
                warm, warmS, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, dir);
    }
}
