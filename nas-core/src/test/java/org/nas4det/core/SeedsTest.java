package org.nas4det.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void highBitsAndNeighbouringStreamsGiveUnrelatedEngineSeeds() {
        // A cast would make these equal: (int) (2^32 + 1) == 1.
        assertThat(Seeds.engineSeed((1L << 32) + 1, 0)).isNotEqualTo(Seeds.engineSeed(1, 0));
        assertThat(Seeds.engineSeed(Long.MIN_VALUE, 0)).isNotEqualTo(Seeds.engineSeed(0, 0));
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            for (long stream = -1; stream < 50; stream++) {
                seen.add(Seeds.engineSeed(seed, stream));
            }
        }
        // 2,550 pairs, no collision (a collision among them has probability about 0.1 % for a good mix).
        assertThat(seen).hasSize(50 * 51);
        assertThat(Seeds.engineSeed(7, 3)).isEqualTo(Seeds.engineSeed(7, 3));
    }

    @Test
    void workUnderItsOwnSeedGivesTheCallerItsSeedBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(123);
            float[] expected = m.randomNormal(new Shape(4)).toFloatArray();
            Engine.getInstance().setRandomSeed(123);
            float inner = Seeds.withEngineSeed(9, 1, () -> m.randomNormal(new Shape(1)).toFloatArray()[0]);
            assertThat(Engine.getInstance().getSeed()).isEqualTo(123);
            assertThat(m.randomNormal(new Shape(4)).toFloatArray()).containsExactly(expected);
            // The work's own draws depend on its seed only.
            assertThat(Seeds.withEngineSeed(9, 1, () -> m.randomNormal(new Shape(1)).toFloatArray()[0])).isEqualTo(inner);
        }
    }
}
