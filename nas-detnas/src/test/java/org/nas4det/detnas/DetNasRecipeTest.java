package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoOrigin;
import org.nas4det.core.io.FileStaging;

/** A worker builds the DetNAS evaluator only from the supernet file the search started with. */
class DetNasRecipeTest {

    @Test
    void aSupernetFileRewrittenSinceTheSearchStartedIsRefused(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("supernet.params");
        Files.writeString(file, "not a supernet");
        DetNasRecipe recipe = new DetNasRecipe(file.toString(), DetNasRecipe.stamp(file), null, null, BnPolicy.RECALIBRATE, 64,
                8, 4, 1);
        // The same file passes the check (and then fails to load: these bytes are no supernet).
        assertThatThrownBy(recipe::build).satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("changed"));
        Files.writeString(file, "another supernet, longer");
        assertThatThrownBy(recipe::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("supernet file " + file + " changed since the search started");
    }

    @Test
    void stagingNamesTheStagedSupernetAndOnlyTheSubsetsImages(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("supernet.params"), "weights");
        Files.writeString(tmp.resolve("instances.json"), "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"},"
                + " {\"id\": 2, \"file_name\": \"b.png\"}]}");
        CocoOrigin holdout = new CocoOrigin(tmp.resolve("instances.json").toString(), tmp.resolve("images").toString(),
                BadRecordPolicy.FAIL, true, List.of(2L));
        DetNasRecipe recipe = new DetNasRecipe(file.toString(), DetNasRecipe.stamp(file), null, holdout, BnPolicy.RECALIBRATE, 64,
                8, 4, 1);
        FileStaging staging = new FileStaging() {
            @Override
            public String file(String location) {
                return "stage:" + location;
            }

            @Override
            public String folder(String location, Collection<String> members) {
                return "stage:" + location + members;
            }
        };
        DetNasRecipe staged = recipe.staged(staging);
        assertThat(staged.supernetFile()).isEqualTo("stage:" + file);
        assertThat(staged.supernetStamp()).as("the staged name is the version").isNull();
        assertThat(staged.holdout()).isEqualTo(new CocoOrigin("stage:" + tmp.resolve("instances.json"),
                "stage:" + tmp.resolve("images") + "[b.png]", BadRecordPolicy.FAIL, true, List.of(2L)));
        assertThat(staged.train()).isNull();
        Files.writeString(file, "another supernet, longer");
        assertThatThrownBy(() -> recipe.staged(staging)).as("a rewritten supernet is not staged for the rest of the search")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("supernet file " + file + " changed since the search started");
    }
}
