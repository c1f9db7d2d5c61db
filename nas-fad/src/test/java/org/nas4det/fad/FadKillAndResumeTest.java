package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.RunEnvironment;
import org.nas4det.core.io.RunDirectoryConflictException;
import org.nas4det.core.search.SigkillHarness;
import org.nas4det.fad.search.BilevelSearch;

/** A FAD search killed with SIGKILL at a random checkpoint resumes to exactly the uninterrupted run. */
class FadKillAndResumeTest {

    @TempDir
    static Path shared;
    private static Path ref;

    /** The uninterrupted run, made once for both tests. */
    private static synchronized Path reference() {
        if (ref == null) {
            ref = shared.resolve("ref");
            FadSearchMain.killable(ref, 5).build().run();
        }
        return ref;
    }

    @Test
    void sigkillThenResumeGivesTheSameSearch(@TempDir Path tmp) throws Exception {
        Path ref = reference();
        Path dir = tmp.resolve("killed");
        int killAfter = 2 + new Random().nextInt(4);
        int lines = SigkillHarness.killAfter(FadSearchMain.class, List.of(dir.toString(), "5", "false"), dir.resolve(Fad.ALPHAS),
                killAfter);
        assertThat(lines).as("kill point %s", killAfter).isLessThan(7);
        assertThat(dir.resolve(Fad.RESULT)).doesNotExist();
        SigkillHarness.runToEnd(FadSearchMain.class, List.of(dir.toString(), "5", "true"), tmp.resolve("resumed.out"));
        assertThat(Files.readAllLines(dir.resolve(Fad.ALPHAS))).hasSize(7).isEqualTo(Files.readAllLines(ref.resolve(Fad.ALPHAS)));
        assertThat(Files.readString(dir.resolve(Fad.GENOTYPE))).isEqualTo(Files.readString(ref.resolve(Fad.GENOTYPE)));
        String w = "search/weights-00000006.params";
        assertThat(Files.readAllBytes(dir.resolve(w))).as("final search weights and alphas").isEqualTo(Files.readAllBytes(ref.resolve(w)));
        String o = "search/optimizer-00000006.ndlist";
        assertThat(Files.readAllBytes(dir.resolve(o))).as("optimizer states").isEqualTo(Files.readAllBytes(ref.resolve(o)));
        // Resuming a finished run does no work.
        long before = Files.getLastModifiedTime(dir.resolve(Fad.RESULT)).toMillis();
        SigkillHarness.runToEnd(FadSearchMain.class, List.of(dir.toString(), "5", "true"), tmp.resolve("again.out"));
        assertThat(Files.getLastModifiedTime(dir.resolve(Fad.RESULT)).toMillis()).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(dir.resolve(w)).toMillis()).isLessThanOrEqualTo(before);
    }

    @Test
    void aCheckpointOfAnotherEnvironmentOrWithoutOneIsNotResumed(@TempDir Path tmp) throws Exception {
        Path dir = unfinishedCopy(tmp);
        Path state = dir.resolve(Fad.SEARCH_DIR).resolve("search.json");
        JsonObject st = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        assertThat(st.getAsJsonObject(RunEnvironment.KEY)).isEqualTo(RunEnvironment.current());
        // Another thread count: the same seed would round differently.
        JsonObject other = st.deepCopy();
        other.getAsJsonObject(RunEnvironment.KEY).addProperty("intra_op_threads", 99);
        Files.writeString(state, other.toString());
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("--threads 99");
        // Written before the environment was recorded: an earlier version's arithmetic.
        JsonObject old = st.deepCopy();
        old.remove(RunEnvironment.KEY);
        Files.writeString(state, old.toString());
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("recorded no run environment");
        assertThatThrownBy(() -> BilevelSearch.requireResumable(dir.resolve(Fad.SEARCH_DIR)))
                .isInstanceOf(RunDirectoryConflictException.class);
        // Momentum for a parameter this detector does not have (renamed since): refused, not started over.
        JsonObject renamed = st.deepCopy();
        com.google.gson.JsonArray sgd = renamed.getAsJsonArray("sgd");
        sgd.set(0, new com.google.gson.JsonPrimitive(sgd.get(0).getAsString() + "_renamed"));
        Files.writeString(state, renamed.toString());
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("_renamed")
                .hasMessageContaining("does not have");
    }

    @Test
    void aMissingOrTruncatedCheckpointFileIsNamedAsDamaged(@TempDir Path tmp) throws Exception {
        Path dir = unfinishedCopy(tmp);
        JsonObject st = JsonParser.parseString(Files.readString(dir.resolve(Fad.SEARCH_DIR).resolve("search.json"))).getAsJsonObject();
        Path weights = dir.resolve(Fad.SEARCH_DIR).resolve(st.get("weights").getAsString());
        Path optimizer = dir.resolve(Fad.SEARCH_DIR).resolve(st.get("optimizer").getAsString());
        byte[] whole = Files.readAllBytes(weights);
        // It was an internal error naming only the path, and an i/o error blaming the disk with "null".
        Files.write(weights, java.util.Arrays.copyOf(whole, 1000));
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(org.nas4det.core.io.DamagedRunDirectoryException.class)
                .hasMessageContaining(weights + " is damaged: the file is truncated").hasMessageContaining("delete");
        Files.delete(weights);
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(org.nas4det.core.io.DamagedRunDirectoryException.class)
                .hasMessageContaining(weights + " is damaged: it does not exist");
        Files.write(weights, whole);
        Files.write(optimizer, java.util.Arrays.copyOf(Files.readAllBytes(optimizer), 100));
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optResume(true).build().run())
                .isInstanceOf(org.nas4det.core.io.DamagedRunDirectoryException.class)
                .hasMessageContaining(optimizer + " is damaged");
    }

    @Test
    void aFinishedRunWhoseDetectorWasDeletedIsUnfinishedAndAResumeExportsItAgain(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        FadResult first = FadSearchMain.killable(dir, 5).optFinalIterations(2).build().run();
        Path params = dir.resolve(Fad.DETECTOR).resolve("detector.params");
        byte[] trained = Files.readAllBytes(params);
        try (var files = Files.walk(dir.resolve(Fad.DETECTOR))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        // It was read back as finished, naming a detector that was not there.
        assertThatThrownBy(() -> FadSearchMain.killable(dir, 5).optFinalIterations(2).build().run())
                .isInstanceOf(RunDirectoryConflictException.class).hasMessageContaining("optResume(true)");
        FadResult again = FadSearchMain.killable(dir, 5).optFinalIterations(2).optResume(true).build().run();
        assertThat(Files.readAllBytes(params)).isEqualTo(trained);
        assertThat(again.metrics()).isEqualTo(first.metrics());
    }

    /** @return a copy of the reference run, unfinished: a finished run is not restored at all */
    private static Path unfinishedCopy(Path tmp) throws java.io.IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        copy(reference(), dir);
        Files.delete(dir.resolve(Fad.RESULT));
        return dir;
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void aKillBetweenTheCheckpointAndItsAlphaLineLosesNoLine(@TempDir Path tmp) throws Exception {
        Path ref = reference();
        Path dir = tmp.resolve("killed");
        // Killed once the line of iteration 2 is there: the checkpoint of iteration 2 is committed.
        SigkillHarness.killAfter(FadSearchMain.class, List.of(dir.toString(), "5", "false"), dir.resolve(Fad.ALPHAS), 3);
        int checkpoint = org.nas4det.fad.search.BilevelSearch.checkpointed(dir.resolve(Fad.SEARCH_DIR));
        assertThat(checkpoint).isGreaterThanOrEqualTo(2);
        // The disk as a kill just after that checkpoint leaves it: its line not yet appended, or
        // appended only in part.
        List<String> lines = Files.readAllLines(dir.resolve(Fad.ALPHAS));
        List<String> before = lines.subList(0, checkpoint);
        String torn = lines.get(checkpoint).substring(0, lines.get(checkpoint).length() / 2);
        Files.writeString(dir.resolve(Fad.ALPHAS), String.join("\n", before) + "\n" + torn);
        SigkillHarness.runToEnd(FadSearchMain.class, List.of(dir.toString(), "5", "true"), tmp.resolve("resumed.out"));
        assertThat(Files.readAllLines(dir.resolve(Fad.ALPHAS))).hasSize(7).isEqualTo(Files.readAllLines(ref.resolve(Fad.ALPHAS)));
        assertThat(Files.readString(dir.resolve(Fad.GENOTYPE))).isEqualTo(Files.readString(ref.resolve(Fad.GENOTYPE)));
    }
}
