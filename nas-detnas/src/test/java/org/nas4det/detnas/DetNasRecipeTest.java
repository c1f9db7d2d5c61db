package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
