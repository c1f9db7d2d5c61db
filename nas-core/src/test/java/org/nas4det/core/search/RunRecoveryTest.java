package org.nas4det.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.Constraints;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;

/**
 * A damaged run directory on resume: a checkpoint that is truncated, empty or deleted, or a log
 * that lost a record the checkpoint counts, is recovered by replaying the search from its seed
 * over the log's complete records; the run ends exactly as an uninterrupted one.
 */
class RunRecoveryTest {

    private static List<String> trace(SearchResult<ToySpace.Arch> r) {
        return r.candidates().stream()
                .map(c -> c.generation() + "/" + c.slot() + " " + c.architecture().encode() + " " + c.evaluation().metrics())
                .collect(Collectors.toList());
    }

    private static SearchProblem<ToySpace.Arch> resumed(Path dir, int[] calls) {
        Evaluator<ToySpace.Arch> counting = arch -> {
            calls[0]++;
            return new ToySpace.Objective(0).evaluate(arch);
        };
        return SearchProblem.builder(new ToySpace(8), EvolutionSearchTest.describe(counting))
                .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                .addObjective(Objective.maximize("score"))
                .optSeed(9)
                .optRunDirectory(dir)
                .optResume(true)
                .build();
    }

    /** A run killed after {@code records} candidates, with the checkpoint of its last finished generation. */
    private static Path killedRun(Path tmp, String name, Path ref, int records) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> log = Files.readAllLines(ref.resolve(RunDirectory.LOG));
        Files.writeString(dir.resolve(RunDirectory.LOG), String.join("\n", log.subList(0, records)) + "\n");
        return dir;
    }

    @Test
    void aTruncatedEmptyOrDeletedCheckpointIsRecoveredExactly(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        SearchResult<ToySpace.Arch> reference = ToySearchMain.strategy().search(ToySearchMain.problem(ref, 9, false, 0));
        String checkpoint = Files.readString(ref.resolve(RunDirectory.CHECKPOINT));
        for (String damage : List.of("truncated", "empty", "deleted", "not-an-object")) {
            Path dir = killedRun(tmp, damage, ref, 53);
            Files.writeString(dir.resolve(RunDirectory.LOG), "{\"index\":53,\"gen", java.nio.file.StandardOpenOption.APPEND);
            switch (damage) {
                case "truncated":
                    Files.writeString(dir.resolve(RunDirectory.CHECKPOINT), checkpoint.substring(0, checkpoint.length() / 3));
                    break;
                case "empty":
                    Files.writeString(dir.resolve(RunDirectory.CHECKPOINT), "");
                    break;
                case "not-an-object":
                    Files.writeString(dir.resolve(RunDirectory.CHECKPOINT), "[1, 2]");
                    break;
                default:
                    break;
            }
            int[] calls = {0};
            SearchResult<ToySpace.Arch> r = ToySearchMain.strategy().search(resumed(dir, calls));
            assertThat(trace(r)).as(damage).isEqualTo(trace(reference));
            assertThat(calls[0]).as(damage + ": only what the log lacks is evaluated").isEqualTo(160 - 53);
            SigkillHarness.assertSameLog(dir, ref);
        }
    }

    @Test
    void aLogThatLostRecordsTheCheckpointCountsIsRecoveredToo(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        SearchResult<ToySpace.Arch> reference = ToySearchMain.strategy().search(ToySearchMain.problem(ref, 9, false, 0));
        // The final checkpoint counts all 160 candidates, but the log lost its end, the last
        // surviving line torn.
        Path dir = killedRun(tmp, "torn", ref, 100);
        Files.copy(ref.resolve(RunDirectory.CHECKPOINT), dir.resolve(RunDirectory.CHECKPOINT));
        Files.writeString(dir.resolve(RunDirectory.LOG), "{\"index\":100,\"gen", java.nio.file.StandardOpenOption.APPEND);
        int[] calls = {0};
        SearchResult<ToySpace.Arch> r = ToySearchMain.strategy().search(resumed(dir, calls));
        assertThat(trace(r)).isEqualTo(trace(reference));
        assertThat(calls[0]).isEqualTo(60);
        SigkillHarness.assertSameLog(dir, ref);
    }

    @Test
    void aLogDamagedInTheMiddleIsRefusedNamingTheFileTheLineAndWhatToDo(@TempDir Path tmp) throws Exception {
        Path ref = tmp.resolve("ref");
        ToySearchMain.strategy().search(ToySearchMain.problem(ref, 9, false, 0));
        List<String> log = new ArrayList<>(Files.readAllLines(ref.resolve(RunDirectory.LOG)));
        log.set(7, log.get(7).substring(0, 10));
        Files.write(ref.resolve(RunDirectory.LOG), log);
        assertThatThrownBy(() -> ToySearchMain.strategy().search(resumed(ref, new int[1])))
                .isInstanceOf(DamagedRunDirectoryException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RunDirectory.LOG)
                .hasMessageContaining("line 8")
                .hasMessageContaining("cut the log after line 7");
    }

    @Test
    void aDamagedJsonFileOfTheDirectoryNamesItself(@TempDir Path tmp) throws Exception {
        RunDirectory dir = RunDirectory.open(tmp);
        Files.writeString(tmp.resolve("x.json"), "{\"a\": ");
        assertThatThrownBy(() -> dir.readJson("x.json")).isInstanceOf(DamagedRunDirectoryException.class)
                .hasMessageContaining("x.json is damaged").hasMessageContaining("delete the file");
        Files.writeString(tmp.resolve("x.json"), "");
        assertThatThrownBy(() -> dir.readJson("x.json")).hasMessageContaining("empty");
        assertThat(dir.readJson("absent.json")).isNull();
    }
}
