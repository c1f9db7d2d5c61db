package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private static JsonObject bench(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.trim()).doesNotContain("\n");
        return JsonParser.parseString(r.out).getAsJsonObject();
    }

    /**
     * A CPU-time field is a JSON number, finite and positive, with its min and max around the
     * median. Never compared with the wall time: the two clocks are read at different moments,
     * and on a loaded machine either can come out ahead.
     */
    private static void assertCpuTime(JsonObject o, String name) {
        for (String k : new String[] {name, name + "_min", name + "_max"}) {
            assertThat(o.get(k)).as(k).isNotNull();
            assertThat(o.get(k).isJsonPrimitive() && o.get(k).getAsJsonPrimitive().isNumber()).as(k).isTrue();
            assertThat(o.get(k).getAsDouble()).as(k).isPositive().isFinite();
        }
        assertThat(o.get(name).getAsDouble())
                .isBetween(o.get(name + "_min").getAsDouble(), o.get(name + "_max").getAsDouble());
    }

    @Test
    void detnasStepReportsBothPathKinds() {
        JsonObject o = bench("bench", "detnas-step", "--untimed", "0", "--iters", "1", "--json");
        assertThat(o.get("workload").getAsString()).isEqualTo("detnas-step");
        assertThat(o.get("ms_random_path").getAsDouble()).isPositive();
        assertThat(o.get("ms_fixed_path").getAsDouble()).isPositive();
        assertThat(o.get("threads").getAsInt()).isPositive();
        assertCpuTime(o, "ms_random_path_cpu");
        assertCpuTime(o, "ms_fixed_path_cpu");
    }

    @Test
    void maedetScoreReportsTheScoreOfMaeDetS() {
        JsonObject o = bench("bench", "maedet-score", "--untimed", "0", "--iters", "1", "--json");
        // Forward entropy at batch 8, 224 px: a few units under the closed form 1731.91.
        assertThat(o.get("score").getAsDouble()).isBetween(1715.0, 1731.91);
        assertThat(o.get("ms_per_candidate").getAsDouble()).isPositive();
        assertCpuTime(o, "ms_per_candidate_cpu");
    }

    @Test
    void searchMemoryReportsResidentMemoryAndLiveArrays() {
        JsonObject o = bench("bench", "search-memory", "--candidates", "5", "--json");
        assertThat(o.get("candidates").getAsInt()).isEqualTo(5);
        assertThat(o.get("rss_mb_start").getAsDouble()).isPositive();
        assertThat(o.get("rss_mb_end").getAsDouble()).isPositive();
        // No evaluation leaves arrays behind: the supernet's own arrays are all that is alive.
        assertThat(o.get("ndarrays_alive_end").getAsInt()).isEqualTo(o.get("ndarrays_alive_start").getAsInt());
    }

    @Test
    void searchScaleReportsTheCliAndBareRatesAndMemoryInThisProcessAndInFreshOnes() {
        JsonObject o = bench("bench", "search-scale", "--children", "600", "--population", "64", "--processes", "1", "--json");
        assertThat(o.get("workload").getAsString()).isEqualTo("search-scale");
        assertThat(o.get("candidates").getAsInt()).isEqualTo(601); // the seed and 600 children
        for (String k : new String[] {"bare_candidates_per_s", "cli_candidates_per_s", "cli_over_bare",
                "cli_first_tenth_per_s", "cli_last_tenth_per_s", "rss_mb_start", "rss_mb_end", "cli_s_searching",
                "cli_s_after_search", "bare_thread_cpu_s", "cli_thread_cpu_s", "cli_process_cpu_s",
                "cli_warm_candidates_per_s", "bare_warm_candidates_per_s", "cli_warm_over_bare_warm", "cli_warm_process_cpu_s"}) {
            assertThat(o.get(k).getAsDouble()).as(k).isPositive();
        }
        assertThat(o.getAsJsonArray("cli_warm_tenths_per_s")).hasSize(10);
        if (java.nio.file.Files.exists(java.nio.file.Paths.get("/proc/thread-self/schedstat"))) {
            for (String k : new String[] {"bare_runq_wait_s", "cli_runq_wait_s", "bare_warm_runq_wait_s", "cli_warm_runq_wait_s"}) {
                assertThat(o.get(k).getAsDouble()).as(k).isNotNegative();
            }
        }
        // CPU per thread name, GC and JIT threads included.
        assertThat(o.getAsJsonObject("cli_cpu_s_by_thread").keySet()).isNotEmpty();
        assertThat(o.get("cli_gc_count").getAsLong()).isNotNegative();
        assertThat(o.get("bare_gc_s").getAsDouble()).isNotNegative();
        // One pair of fresh JVMs, each timing one path (bench search-scale --only bare|cli).
        assertThat(o.get("separate_pairs").getAsInt()).isEqualTo(1);
        assertThat(o.getAsJsonArray("separate_bare_candidates_per_s").get(0).getAsDouble()).isPositive();
        assertThat(o.getAsJsonArray("separate_cli_candidates_per_s").get(0).getAsDouble()).isPositive();
        assertThat(o.get("separate_cli_over_bare_median").getAsDouble()).isPositive();
        // And bench maedet-search at its defaults in a third fresh JVM: the yardstick.
        assertThat(o.getAsJsonArray("separate_maedet_search_candidates_per_s").get(0).getAsDouble()).isPositive();
        assertThat(o.getAsJsonArray("separate_cli_over_maedet_search")).hasSize(1);
        assertThat(o.get("separate_cli_over_maedet_search_median").getAsDouble()).isPositive();
        // The fresh CLI run's last tenth against its first: the second yardstick.
        assertThat(o.getAsJsonArray("separate_cli_last_over_first_tenth")).hasSize(1);
        assertThat(o.getAsJsonArray("separate_cli_last_over_first_tenth").get(0).getAsDouble())
                .isEqualTo(o.get("separate_cli_last_over_first_tenth_median").getAsDouble(), org.assertj.core.data.Offset.offset(0.0005));
        assertThat(o.get("separate_cli_last_over_first_tenth_median").getAsDouble()).isPositive();
    }

    @Test
    void searchScaleTimesOnePathAloneAndRefusesAnUnknownOne() {
        JsonObject o = bench("bench", "search-scale", "--only", "cli", "--children", "300", "--population", "32", "--json");
        assertThat(o.get("path").getAsString()).isEqualTo("cli");
        assertThat(o.get("candidates").getAsInt()).isEqualTo(301);
        assertThat(o.get("candidates_per_s").getAsDouble()).isPositive();
        // Where the fresh JVM's time went.
        for (String k : new String[] {"s_searching", "thread_cpu_s", "process_cpu_s"}) {
            assertThat(o.get(k).getAsDouble()).as(k).isPositive();
        }
        assertThat(o.get("s_before_search").getAsDouble()).isNotNegative();
        assertThat(o.get("gc_s").getAsDouble()).isNotNegative();
        assertThat(o.getAsJsonObject("cpu_s_by_thread").keySet()).isNotEmpty();
        JsonObject bare = bench("bench", "search-scale", "--only", "bare", "--children", "300", "--population", "32", "--json");
        assertThat(bare.get("path").getAsString()).isEqualTo("bare");
        assertThat(bare.get("thread_cpu_s").getAsDouble()).isPositive();
        assertThat(bare.getAsJsonObject("cpu_s_by_thread").keySet()).isNotEmpty();
        CliRun r = CliRun.of("bench", "search-scale", "--only", "warm", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--only must be bare or cli, got 'warm'");
        r = CliRun.of("bench", "search-scale", "--only", "cli", "--processes", "2", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("it takes no --processes");
        r = CliRun.of("bench", "maedet-search", "--processes", "2", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("apply to search-scale only");
    }

    @Test
    void searchScaleWithTooFewChildrenForItsTenthsIsBadInput() {
        CliRun r = CliRun.of("bench", "search-scale", "--children", "3", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--children must be at least 100").doesNotContain("Exception");
    }

    @Test
    void anUnknownWorkloadIsBadUsage() {
        CliRun r = CliRun.of("bench", "nope", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("unknown workload").contains("detnas-step");
    }

    @Test
    void searchScaleChildrenGetThisJvmsOptionsButNoAgentOrRecording() {
        assertThat(SearchScaleBench.childJvmOptions(java.util.List.of("-Xmx2g", "-XX:+UseSerialGC", "-Dnas.x=1",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/tmp/a.jar", "-Xdebug",
                "-XX:StartFlightRecording=filename=/tmp/r.jfr", "-XX:FlightRecorderOptions=stackdepth=96",
                "-Dcom.sun.management.jmxremote.port=9010", "-Xlog:gc:file=/tmp/gc.log", "-Xloggc:/tmp/gc2.log",
                "-XX:HeapDumpPath=/tmp/h.hprof", "-XX:TieredStopAtLevel=1")))
                .containsExactly("-Xmx2g", "-XX:+UseSerialGC", "-Dnas.x=1", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void aFailedChildIsReportedByItsCauseNotItsStackTracesLastLine() {
        String jmx = "Error: JMX connector server communication error: service:jmx:rmi://x\n"
                + "jdk.internal.agent.AgentConfigurationError: java.rmi.server.ExportException: Port already in use: 9010\n"
                + "\tat jdk.management.agent/sun.management.jmxremote.ConnectorBootstrap.exportMBeanServer(X.java:1)\n"
                + "Caused by: java.net.BindException: Address already in use\n"
                + "\t... 11 more\n";
        assertThat(SearchScaleBench.cause(jmx)).isEqualTo("Caused by: java.net.BindException: Address already in use");
        assertThat(SearchScaleBench.cause("error: --children must be at least 100\nTry 'nas bench --help'\n"))
                .isEqualTo("error: --children must be at least 100");
        assertThat(SearchScaleBench.cause("something odd\n")).isEqualTo("something odd");
    }
}

