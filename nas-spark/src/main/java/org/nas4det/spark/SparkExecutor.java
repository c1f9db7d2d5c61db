package org.nas4det.spark;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nas4det.core.Architecture;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.exec.RemoteEvaluation;
import org.nas4det.core.io.FileSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Evaluates each generation of a search as one Spark job: one task per candidate (or per group of
 * candidates), each built from the evaluator's {@link Evaluator#recipe() recipe} on the worker,
 * results collected in candidate order. Spark retries a failed task; since a candidate's result
 * depends on its architecture alone, a retried or re-ordered task gives the same search. The
 * driver alone writes the run directory.
 *
 * <p>Workers read the weights and data a recipe names from its locations: plain paths (a file
 * system every node mounts at the same path) or any URI Hadoop can open ({@code hdfs://},
 * {@code s3a://} with hadoop-aws on the classpath, {@code gs://}, {@code abfs://}), which each worker
 * process copies into a local cache once ({@link #CACHE_DIRECTORY}; only a subset's images),
 * fetching a file again when its length or modification time changed. With
 * {@link Builder#optStaging} the driver first copies local files there.
 *
 * <pre>{@code
 * try (SparkExecutor spark = SparkExecutor.builder().optMaster("local[2]").build()) {
 *     MaeDet.cpu().optExecutor(spark).optRunDirectory(Path.of("runs/m")).build().run();
 * }
 * }</pre>
 *
 * <p>On Java 17 the JVM that runs the driver needs Spark's {@code --add-opens} options, one
 * {@code --add-opens=M/P=ALL-UNNAMED} for each entry M/P of {@link #OPENED_PACKAGES}: the
 * {@code nas} launcher jar's manifest and our tests set them, {@code spark-submit} sets them
 * itself, and an application that embeds this class passes them to its {@code java} command
 * ({@code build()} fails in one line listing the missing ones).
 */
public final class SparkExecutor implements CandidateExecutor, AutoCloseable {

    /**
     * The Spark setting ({@link Builder#addConf}, {@code --conf}) naming the local folder where each
     * worker process (and the driver) keeps its copies of files read from URIs (default
     * {@code nas4det-cache-<user>} in the temporary folder).
     */
    public static final String CACHE_DIRECTORY = "spark.nas4det.cacheDirectory";

    private static final Logger LOG = LoggerFactory.getLogger(SparkExecutor.class);
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*(\\d+))?])?");

    private final String master;
    private final String appName;
    private final int engineThreads;
    private final int candidatesPerTask;
    private final int maxTaskFailures;
    private final Map<String, String> conf;
    private final String staging;
    private HadoopStaging stagingFiles;
    private JavaSparkContext context;
    private final boolean ownsContext;

    private SparkExecutor(Builder b) {
        this.master = b.master;
        this.appName = b.appName;
        this.engineThreads = b.engineThreads > 0 ? b.engineThreads : driverThreads();
        this.candidatesPerTask = b.candidatesPerTask;
        this.maxTaskFailures = b.maxTaskFailures;
        this.conf = new LinkedHashMap<>(b.conf);
        this.staging = b.staging;
        this.context = b.context;
        this.ownsContext = b.context == null;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <A extends Architecture> void evaluate(
            List<CandidateTask<A>> batch, Evaluator<A> evaluator, BiConsumer<CandidateTask<A>, Evaluation> sink) {
        EvaluatorRecipe<A> recipe = evaluator.recipe().orElseThrow(() -> new IllegalArgumentException(
                "the evaluator " + evaluator.describe() + " has no recipe to build it on Spark workers: run this"
                        + " search in-process (without a Spark executor)"));
        if (batch.isEmpty()) {
            return; // no job for nothing (and no generation to name)
        }
        List<String> encodings = new ArrayList<>(batch.size());
        for (CandidateTask<A> t : batch) {
            encodings.add(t.architecture().encode());
        }
        JavaSparkContext sc = context();
        // Once per batch: staging copies a file once per version, so later batches only look it up.
        EvaluatorRecipe<A> shipped = staging == null ? recipe : recipe.staged(staging(sc));
        sc.setJobDescription("nas4det: generation " + batch.get(0).generation() + ", " + batch.size() + " candidates");
        int slices = (batch.size() + candidatesPerTask - 1) / candidatesPerTask;
        List<String> results = sc.parallelize(encodings, slices).map(new EvaluateTask<>(shipped, engineThreads)).collect();
        if (shipped != recipe) {
            // before anything is recorded: a recorded candidate's files are in the run directory
            FileSource files = WorkerFiles.of(sc.getConf());
            batch.forEach(t -> recipe.collect(shipped, t.architecture(), files));
        }
        for (int i = 0; i < batch.size(); i++) {
            sink.accept(batch.get(i), RemoteEvaluation.read(results.get(i)));
        }
    }

    /**
     * Where the driver reads data given as URIs: the workers' file source under this executor's
     * settings ({@code spark.hadoop.*}, the cache folder), without starting Spark. Plain paths and
     * {@code file:} URIs are read where they are.
     *
     * <pre>{@code DetectionData d = new CocoOrigin("hdfs://nn/coco/annotations/instances_val.json", "hdfs://nn/coco/val", BadRecordPolicy.FAIL, true, null).read(spark.files());}</pre>
     *
     * @return the file source
     */
    public FileSource files() {
        return WorkerFiles.of(sparkConf());
    }

    private synchronized HadoopStaging staging(JavaSparkContext sc) {
        if (stagingFiles == null) {
            stagingFiles = new HadoopStaging(sc.hadoopConfiguration(), staging);
        }
        return stagingFiles;
    }

    /**
     * The packages of the JDK Spark 3.5 reaches into, which Java 17 must be told to open, as
     * {@code module/package}: those of its launcher's {@code JavaModuleOptions}, Kerberos's
     * ({@code java.security.jgss/sun.security.krb5}, for a secured cluster) among them.
     */
    public static final List<String> OPENED_PACKAGES = List.of("java.base/java.lang", "java.base/java.lang.invoke",
            "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util",
            "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref",
            "java.base/sun.nio.ch", "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar",
            "java.security.jgss/sun.security.krb5");

    /**
     * Fails in one line listing the JVM options when this JVM does not open what Spark needs:
     * otherwise Spark fails later, with an {@code IllegalAccessError} deep in its start-up.
     */
    static void checkOpened() {
        Module spark = SparkConf.class.getModule(); // the module that reaches in: Spark's, wherever it sits
        List<String> missing = new ArrayList<>();
        for (String entry : OPENED_PACKAGES) {
            String[] moduleAndPackage = entry.split("/", 2);
            // A module the runtime leaves out (a jlink image without Kerberos) has nothing to open.
            Optional<Module> m = ModuleLayer.boot().findModule(moduleAndPackage[0]);
            if (m.isPresent() && !m.get().isOpen(moduleAndPackage[1], spark)) {
                missing.add("--add-opens=" + entry + "=ALL-UNNAMED");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spark needs JVM options this JVM was not started with (the nas jar's"
                    + " manifest holds them; a library user adds them to the java command or the test runner's argLine): "
                    + String.join(" ", missing));
        }
    }

    private synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf c = sparkConf();
            LOG.info("starting Spark ({}), {} engine thread(s) per task", c.get("spark.master"), engineThreads);
            context = new JavaSparkContext(c);
        }
        return context;
    }

    /** The settings Spark starts with: spark-submit's, then optMaster, then addConf; the master read after all three. */
    SparkConf sparkConf() {
        SparkConf c = new SparkConf().setAppName(appName);
        if (master != null) {
            c.setMaster(master);
        }
        // Before the master is read, so that a master given by addConf gets local-mode retries too.
        conf.forEach(c::set);
        if (!c.contains("spark.master")) {
            throw new IllegalStateException("no Spark master: set one (optMaster, --spark-master) or run under spark-submit");
        }
        String m = c.get("spark.master").trim();
        // addConf's retry count, where given, also counts for local mode
        String retries = "spark.task.maxFailures";
        int failures = conf.containsKey(retries) ? Integer.parseInt(conf.get(retries).trim()) : maxTaskFailures;
        c.setMaster(withRetries(m, failures));
        c.set(retries, Integer.toString(failures));
        c.setIfMissing("spark.ui.enabled", "false");
        if (LOCAL.matcher(m).matches()) {
            // Local mode talks to itself only: no host name lookup, no port on the network.
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return c;
    }

    /**
     * Local mode never retries a task unless its master says so ({@code local[N,F]}); other
     * masters read {@code spark.task.maxFailures}.
     */
    static String withRetries(String master, int maxFailures) {
        String trimmed = master.trim();
        Matcher m = LOCAL.matcher(trimmed);
        if (!m.matches() || m.group(2) != null) {
            return trimmed;
        }
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + maxFailures + "]";
    }

    private static int driverThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String describe() {
        return "spark(" + (master == null ? "from spark-submit" : master) + ", " + candidatesPerTask
                + " candidate(s) per task, " + engineThreads + " engine thread(s) per task"
                + (staging == null ? "" : ", staged under " + staging) + ")";
    }

    /**
     * Stops the Spark context this executor started (one given to the builder is left running).
     * In local mode the workers were this process: the evaluators they built are dropped, so a
     * later search with a rewritten supernet file never meets a stale one.
     */
    @Override
    public synchronized void close() {
        if (context != null && ownsContext) {
            boolean local = LOCAL.matcher(context.master()).matches();
            context.stop();
            context = null;
            if (local) {
                RemoteEvaluation.clear();
            }
        }
    }

    /** Builds a {@link SparkExecutor}; every value is optional. */
    public static final class Builder {
        private String master;
        private String appName = "nas4det search";
        private int engineThreads;
        private int candidatesPerTask = 1;
        private int maxTaskFailures = 4;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private String staging;
        private JavaSparkContext context;

        private Builder() {}

        /**
         * Sets a folder every worker can open ({@code hdfs://nn/tmp/nas4det}, {@code s3a://bucket/stage}, or a
         * path all nodes mount) where the driver copies the local files workers need: the DetNAS supernet and
         * data read from local paths (only the images the workers score on). Each file is copied once per
         * version, not per task. Default: none, workers read the recipe's locations as they are (a file system
         * every node mounts at the same path, or URIs). SP-NAS also exchanges its run directory's models and
         * lineage there: workers read the parents the driver put and publish the models they train, which the
         * driver copies into the run directory, so the run directory need not be on a shared file system.
         *
         * @param uri the staging folder, any URI Hadoop opens
         * @return this builder
         */
        public Builder optStaging(String uri) {
            Preconditions.checkNotNull(uri, "optStaging: null");
            Preconditions.checkArgument(!uri.isBlank(), "optStaging: the staging URI is empty");
            this.staging = uri.trim();
            return this;
        }

        /**
         * Sets the Spark master URL: {@code local[2]}, {@code spark://host:7077}, {@code yarn},
         * {@code k8s://https://host:443} (default: the one {@code spark-submit} passes).
         *
         * @param url the master
         * @return this builder
         */
        public Builder optMaster(String url) {
            Preconditions.checkNotNull(url, "optMaster: null");
            Preconditions.checkArgument(!url.isBlank(), "optMaster: the Spark master URL is empty");
            this.master = url.trim();
            return this;
        }

        /**
         * Sets the application name shown by the cluster (default "nas4det search").
         *
         * @param name the name
         * @return this builder
         */
        public Builder optAppName(String name) {
            this.appName = Preconditions.checkNotNull(name, "optAppName: null");
            return this;
        }

        /**
         * Sets the engine's intra-op threads in each worker process (default: the driver's, from
         * {@code ai.djl.pytorch.num_threads}, so that float reductions split the same way and the
         * results are bit for bit the driver's). A worker whose engine is already loaded keeps its
         * count; in local mode the workers are the driver.
         *
         * @param n threads, at least 1
         * @return this builder
         */
        public Builder optEngineThreads(int n) {
            Preconditions.checkArgument(n >= 1, "optEngineThreads: must be >= 1, got %s", n);
            this.engineThreads = n;
            return this;
        }

        /**
         * Sets how many candidates one Spark task evaluates (default 1).
         *
         * @param n candidates, at least 1
         * @return this builder
         */
        public Builder optCandidatesPerTask(int n) {
            Preconditions.checkArgument(n >= 1, "optCandidatesPerTask: must be >= 1, got %s", n);
            this.candidatesPerTask = n;
            return this;
        }

        /**
         * Sets how often Spark runs a task before the job fails (default 4, Spark's own default;
         * also applied in local mode, which otherwise never retries).
         *
         * @param n attempts, at least 1
         * @return this builder
         */
        public Builder optMaxTaskFailures(int n) {
            Preconditions.checkArgument(n >= 1, "optMaxTaskFailures: must be >= 1, got %s", n);
            this.maxTaskFailures = n;
            return this;
        }

        /**
         * Adds a Spark setting ({@code spark.executor.memory}, ...). It overrides spark-submit's and
         * {@link #optMaster}; a {@code spark.master} given here is treated as one from optMaster
         * (local mode gets its retries).
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder addConf(String key, String value) {
            conf.put(Preconditions.checkNotNull(key, "addConf: null key"), Preconditions.checkNotNull(value, "addConf: null value for %s", key));
            return this;
        }

        /**
         * Uses a running Spark context (default: the executor starts one, and stops it on close).
         *
         * @param sc the context, left running by {@link SparkExecutor#close()}
         * @return this builder
         */
        public Builder optSparkContext(JavaSparkContext sc) {
            this.context = Preconditions.checkNotNull(sc, "optSparkContext: null");
            return this;
        }

        /**
         * Builds the executor; Spark starts at its first batch.
         *
         * @return the executor
         * @throws org.nas4det.core.io.UnreachableLocationException when the staging URI is malformed or no
         *     Hadoop file system on the classpath serves its scheme
         * @throws IllegalStateException when this JVM lacks the {@code --add-opens} options Spark needs
         *     (the message lists them), before any work that a search would then lose
         */
        public SparkExecutor build() {
            checkOpened();
            if (staging != null) {
                // Spark's settings as the driver will have them (spark-submit's and addConf's), without starting it.
                SparkConf c = new SparkConf();
                conf.forEach(c::set);
                Map<String, String> settings = new LinkedHashMap<>();
                for (Tuple2<String, String> e : c.getAll()) {
                    settings.put(e._1(), e._2());
                }
                HadoopStaging.check(staging, WorkerFiles.hadoop(settings));
            }
            return new SparkExecutor(this);
        }
    }
}
