package org.nas4det.examples.cli;

import java.util.function.Function;
import java.util.regex.Pattern;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.spark.SparkExecutor;
import picocli.CommandLine.Option;

/**
 * {@code --spark-master URL}, declared once ({@code @Mixin}) for every {@code search} command:
 * each generation's candidates become one Spark job. Under {@code spark-submit} the master it
 * passes is used without the option.
 */
final class SparkOption {

    /** The master URLs Spark knows; anything else is a typing error, said before any work. */
    private static final Pattern MASTER =
            Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|spark://\\S+|yarn|k8s://\\S+|mesos://\\S+");

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "evaluate each generation's candidates as one Apache Spark job on this master: local[2],"
                    + " spark://host:7077, yarn, k8s://https://host:443 (default: in this process; under spark-submit,"
                    + " its master). Workers read the run directory and data from the same paths.")
    String master;

    /** @return whether the search runs on Spark (the option, or spark-submit's master) */
    boolean requested() {
        return master != null || System.getProperty("spark.master") != null;
    }

    /**
     * Refuses Spark (the option, or spark-submit's master) for a search that cannot use it.
     *
     * @param why why not, one clause
     * @throws IllegalArgumentException when Spark was asked for
     */
    void refuse(String why) {
        if (master != null) {
            throw new IllegalArgumentException("--spark-master: " + why);
        }
        if (requested()) {
            throw new IllegalArgumentException("spark-submit (spark.master=" + System.getProperty("spark.master") + "): "
                    + why.replace("without --spark-master", "with java -jar, not under spark-submit"));
        }
    }

    /**
     * Runs a search with its executor: Spark when asked for (stopped afterwards), else in-process.
     *
     * @param search the search, given the executor
     * @param <T> its result
     * @return the result
     */
    <T> T run(Function<CandidateExecutor, T> search) {
        if (!requested()) {
            return search.apply(CandidateExecutor.inProcess());
        }
        SparkExecutor.Builder b = SparkExecutor.builder();
        if (master != null) {
            String url = master.trim();
            if (!MASTER.matcher(url).matches()) {
                throw new IllegalArgumentException("--spark-master: '" + master + "' is not a Spark master URL (local[2],"
                        + " spark://host:7077, yarn, k8s://https://host:443)");
            }
            b.optMaster(url);
        }
        try (SparkExecutor spark = b.build()) {
            return search.apply(spark);
        }
    }
}
