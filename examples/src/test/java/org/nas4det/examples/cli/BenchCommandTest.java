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

    @Test
    void detnasStepReportsBothPathKinds() {
        JsonObject o = bench("bench", "detnas-step", "--untimed", "0", "--iters", "1", "--json");
        assertThat(o.get("workload").getAsString()).isEqualTo("detnas-step");
        assertThat(o.get("ms_random_path").getAsDouble()).isPositive();
        assertThat(o.get("ms_fixed_path").getAsDouble()).isPositive();
        assertThat(o.get("threads").getAsInt()).isPositive();
        // The calling thread's CPU time of the same step: some, and never more than its wall time.
        assertThat(o.get("ms_random_path_cpu").getAsDouble()).isPositive().isLessThanOrEqualTo(o.get("ms_random_path").getAsDouble());
        assertThat(o.get("ms_fixed_path_cpu").getAsDouble()).isPositive().isLessThanOrEqualTo(o.get("ms_fixed_path").getAsDouble());
    }

    @Test
    void maedetScoreReportsTheScoreOfMaeDetS() {
        JsonObject o = bench("bench", "maedet-score", "--untimed", "0", "--iters", "1", "--json");
        // Forward entropy at batch 8, 224 px: a few units under the closed form 1731.91.
        assertThat(o.get("score").getAsDouble()).isBetween(1715.0, 1731.91);
        assertThat(o.get("ms_per_candidate").getAsDouble()).isPositive();
        assertThat(o.get("ms_per_candidate_cpu").getAsDouble()).isPositive().isLessThanOrEqualTo(o.get("ms_per_candidate").getAsDouble());
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
    void searchScaleReportsTheCliAndBareRatesAndMemory() {
        JsonObject o = bench("bench", "search-scale", "--children", "600", "--population", "64", "--json");
        assertThat(o.get("workload").getAsString()).isEqualTo("search-scale");
        assertThat(o.get("candidates").getAsInt()).isEqualTo(601); // the seed and 600 children
        for (String k : new String[] {"bare_candidates_per_s", "cli_candidates_per_s", "cli_over_bare",
                "cli_first_tenth_per_s", "cli_last_tenth_per_s", "rss_mb_start", "rss_mb_end", "cli_s_searching",
                "cli_s_after_search", "bare_thread_cpu_s", "cli_thread_cpu_s", "cli_process_cpu_s"}) {
            assertThat(o.get(k).getAsDouble()).as(k).isPositive();
        }
    }

    @Test
    void anUnknownWorkloadIsBadUsage() {
        CliRun r = CliRun.of("bench", "nope", "--json");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("unknown workload").contains("detnas-step");
    }
}
