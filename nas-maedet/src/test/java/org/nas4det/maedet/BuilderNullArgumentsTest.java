package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/**
 * MAE-DET's builders: a null argument fails in its setter, naming it; a bad number is an
 * IllegalArgumentException that starts with the setter's name and gives the value.
 */
class BuilderNullArgumentsTest {

    @Test
    void maeDetNamesTheSetterOfANull() {
        NullArguments.assertFollowed(MaeDet.Builder.class, MaeDet::builder, Set.of(
                "optRunDirectory(Path)")); // null: no run directory, nothing written (the default)
        assertThatThrownBy(() -> MaeDet.builder().optHead(null)).isInstanceOf(NullPointerException.class).hasMessage("optHead: null");
    }

    @Test
    void maeDetSpaceNamesTheSetterOfANull() {
        NullArguments.assertFollowed(MaeDetSpace.Builder.class, MaeDetSpace::builder, Set.of());
    }

    @Test
    void evolutionNamesEachSettingAndItsValue() {
        assertThatThrownBy(() -> MaeDetEvolution.builder().optPopulation(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optPopulation: must be >= 1, got 0");
        assertThatThrownBy(() -> MaeDetEvolution.builder().optChildren(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optChildren: must be >= 1, got -5");
        // A negative round was taken as "the default" before.
        assertThatThrownBy(() -> MaeDetEvolution.builder().optRound(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optRound: must be >= 1, got -1");
        assertThatThrownBy(() -> MaeDetEvolution.builder().optCoarseToFine(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optCoarseToFine: must be >= 0, got -1");
    }

    @Test
    void spaceNamesEachSettingAndItsValue() {
        assertThatThrownBy(() -> MaeDetSpace.builder().optMaxChannels(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optMaxChannels: ").hasMessageEndingWith("got 0");
        assertThatThrownBy(() -> MaeDetSpace.builder().optKernels(3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optKernels: kernels must be odd and >= 1, got 4");
        assertThatThrownBy(() -> MaeDetSpace.builder().optBudgetLayers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optBudgetLayers: must be >= 1, got 0");
    }

    @Test
    void resumingWithoutARunDirectoryIsABadValueNamingOptResume() {
        // As in FAD and SP-NAS: the two settings disagree, so build() refuses them.
        assertThatThrownBy(() -> MaeDet.builder().optResume(true).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optResume: resuming needs optRunDirectory");
    }
}
