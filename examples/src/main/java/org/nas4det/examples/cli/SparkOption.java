package org.nas4det.examples.cli;

import java.util.function.Function;
import java.util.regex.Pattern;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoOrigin;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.io.FileSource;
import org.nas4det.spark.SparkExecutor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --spark-master URL}, declared once ({@code @Mixin}) for every {@code search} command:
 * each generation's candidates become one Spark job. Under {@code spark-submit} the master it
 * passes is used without the option.
 */
final class SparkOption {

    /** The master URLs Spark knows; anything else is a typing error, said before any work. */
    private static final Pattern MASTER =
            Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|spark://\\S+|yarn|k8s://\\S+|mesos://\\S+");

    @Option(names = "--spark-master", paramLabel = "URL", converter = MasterUrl.class,
            description = "evaluate each generation's candidates as one Apache Spark job on this master: local[2],"
                    + " spark://host:7077, yarn, k8s://https://host:443 (default: in this process; under spark-submit,"
                    + " its master). Workers read data and weights from the same paths, or through --spark-staging.")
    String master;

    @Option(names = "--spark-staging", paramLabel = "URI",
            description = "a folder every Spark worker can open (hdfs://nn/tmp/nas4det, s3a://bucket/stage, or a shared"
                    + " path) where the driver copies the local files workers read (the DetNAS supernet, data read from"
                    + " local paths), once per file version, and where SP-NAS workers exchange the run directory's models"
                    + " with the driver (default: none; workers read and write the same paths as the driver)")
    String staging;

    /** Checks a master URL while the command line is read, before any data is: a typing error is said first. */
    static final class MasterUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String url = value.trim();
            if (!MASTER.matcher(url).matches()) {
                throw new TypeConversionException("'" + value + "' is not a Spark master URL (local[2], spark://host:7077,"
                        + " yarn, k8s://https://host:443)");
            }
            return url;
        }
    }

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
        if (staging != null) {
            throw new IllegalArgumentException("--spark-staging: " + why);
        }
        if (master != null) {
            throw new IllegalArgumentException("--spark-master: " + why);
        }
        if (requested()) {
            throw new IllegalArgumentException("spark-submit (spark.master=" + System.getProperty("spark.master") + "): "
                    + why.replace("without --spark-master", "with java -jar, not under spark-submit"));
        }
    }

    /** The flags of the executor builder's setters, for its bad-value messages. */
    private static final SetterFlags FLAGS = SetterFlags.of("optMaster", "--spark-master", "optStaging", "--spark-staging");

    private SparkExecutor executor() {
        return FLAGS.apply(() -> {
            SparkExecutor.Builder b = SparkExecutor.builder();
            if (master != null) {
                b.optMaster(master);
            }
            if (staging != null) {
                b.optStaging(staging);
            }
            return b.build();
        });
    }

    private void requireSparkForStaging() {
        if (staging != null && !requested()) {
            throw new IllegalArgumentException("--spark-staging needs Spark: give --spark-master or run under spark-submit");
        }
    }

    /**
     * Reads one split of a COCO-layout data set ({@code annotations/instances_<split>.json} and
     * {@code <split>/}) from a path or, with Spark, any URI Hadoop opens (copied into the local
     * cache; workers read the same URI).
     *
     * @param root the data set's folder
     * @param split the split
     * @return the data, whose origin names the given locations
     */
    DetectionData cocoSplit(String root, String split) {
        requireSparkForStaging(); // before the data is read: a typing error is said first
        String base = root.endsWith("/") ? root : root + "/";
        FileSource files = requested() ? executor().files() : FileSource.local();
        return new CocoOrigin(base + "annotations/instances_" + split + ".json", base + split, BadRecordPolicy.FAIL, true, null)
                .read(files);
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
            requireSparkForStaging();
            return search.apply(CandidateExecutor.inProcess());
        }
        try (SparkExecutor spark = executor()) {
            return search.apply(spark);
        }
    }
}
