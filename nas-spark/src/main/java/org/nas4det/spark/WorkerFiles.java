package org.nas4det.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The {@link HadoopFiles} of this process, made from the Spark settings it runs under: the
 * Hadoop settings are the {@code spark.hadoop.*} entries (as Spark hands them to Hadoop) over the
 * process's own Hadoop configuration files, and the cache folder is
 * {@link SparkExecutor#CACHE_DIRECTORY} (default: {@code nas4det-cache-<user>} in the temporary folder). One
 * per distinct settings, kept for the life of the process, so every task shares one cache.
 *
 * <pre>{@code FileSource files = WorkerFiles.current();}</pre>
 */
final class WorkerFiles {

    private static final Map<Map<String, String>, HadoopFiles> BY_SETTINGS = new ConcurrentHashMap<>();

    private WorkerFiles() {}

    /** @return the file source of this worker's Spark settings */
    static HadoopFiles current() {
        SparkEnv env = SparkEnv.get();
        return of(env == null ? new SparkConf() : env.conf());
    }

    /**
     * @param conf Spark settings
     * @return the file source for them
     */
    static HadoopFiles of(SparkConf conf) {
        Map<String, String> settings = new TreeMap<>();
        for (Tuple2<String, String> e : conf.getAll()) {
            if (e._1().startsWith("spark.hadoop.") || e._1().equals(SparkExecutor.CACHE_DIRECTORY)) {
                settings.put(e._1(), e._2());
            }
        }
        return BY_SETTINGS.computeIfAbsent(settings, WorkerFiles::create);
    }

    /** @return the Hadoop configuration of these settings: the process's files, then {@code spark.hadoop.*} */
    static Configuration hadoop(Map<String, String> settings) {
        Configuration c = new Configuration();
        settings.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                c.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return c;
    }

    private static HadoopFiles create(Map<String, String> settings) {
        String dir = settings.getOrDefault(SparkExecutor.CACHE_DIRECTORY,
                Path.of(System.getProperty("java.io.tmpdir"), "nas4det-cache-" + System.getProperty("user.name")).toString());
        return new HadoopFiles(hadoop(settings), Path.of(dir));
    }
}
