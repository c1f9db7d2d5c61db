package org.nas4det.maedet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.cost.CostOverflowException;

/** The analytic MAE-DET cost equals the block-built count in every field of {@link Cost}. */
class MaeDetCostTest {

    private static final Shape[] INPUTS = {
        new Shape(1, 3, 480, 480), new Shape(1, 3, 224, 224), new Shape(2, 3, 320, 640), new Shape(1, 3, 32, 64)
    };

    /** Inputs that differ in one of batch, channels, size at a time, for the kept counts. */
    private static final Shape[] MEMO_INPUTS = {
        new Shape(1, 3, 480, 480), new Shape(2, 3, 480, 480), new Shape(1, 1, 480, 480), new Shape(1, 3, 480, 512),
        new Shape(1, 3, 224, 224)
    };

    private static void assertSameAsBuilt(MaeDetStructure s, Shape input) {
        Cost built = CostModel.count(MaeDetBackbone.of(s), input).withLayers(s.layers());
        Cost analytic = MaeDetCost.count(s, input);
        // toJson names every field, so a mismatch says which one; equals also compares latency.
        assertThat(analytic.toJson()).as("%s at %s", s.encode(), input).isEqualTo(built.toJson());
        assertThat(analytic).isEqualTo(built);
        assertThat(new MaeDetSpaceCost().cost(s, input)).isEqualTo(built);
    }

    /** The space's own cost, as the search calls it. */
    private static final class MaeDetSpaceCost {
        private final MaeDetSpace space = MaeDetSpace.builder().build();

        Cost cost(MaeDetStructure s, Shape input) {
            return space.cost(s, input);
        }
    }

    @Test
    void analyticEqualsBlockBuiltOnStructuresTheSearchDraws() {
        Random rng = new Random(1);
        List<MaeDetSpace> spaces = List.of(
                MaeDetSpace.builder().build(),
                MaeDetSpace.builder().optStemCap(64).optMaxChannels(4096).optKernels(3, 5, 7).optImageSize(224).build(),
                MaeDetSpace.builder().optInitialStructure(MaeDetStructureTest.maeDetS()).optBudgetLayers(120).build());
        int n = 0;
        for (MaeDetSpace space : spaces) {
            for (int i = 0; i < 150; i++) {
                MaeDetStructure s = space.sample(rng);
                assertSameAsBuilt(s, INPUTS[i % INPUTS.length]);
                n++;
            }
        }
        assertThat(n).isEqualTo(450);
    }

    @Test
    void analyticEqualsBlockBuiltOnRandomMixedStructures() {
        Random rng = new Random(2);
        int checked = 0;
        for (int tries = 0; checked < 300 && tries < 10_000; tries++) {
            List<MaeDetBlock> blocks = new ArrayList<>();
            int out = 8 * (1 + rng.nextInt(8));
            blocks.add(MaeDetBlock.stem(3, out, 1 + rng.nextInt(2), 1 + 2 * rng.nextInt(4)));
            int n = 1 + rng.nextInt(6);
            for (int b = 0; b < n; b++) {
                int next = 8 * (1 + rng.nextInt(64));
                BlockType type = rng.nextBoolean() ? BlockType.SUPER_RES_K1KXK1 : BlockType.SUPER_RES_KXKX;
                blocks.add(new MaeDetBlock(type, out, next, 1 + rng.nextInt(2), 1 + 2 * rng.nextInt(4),
                        1 + rng.nextInt(4), 8 * (1 + rng.nextInt(32))));
                out = next;
            }
            MaeDetStructure s;
            try {
                s = new MaeDetStructure(blocks);
            } catch (RuntimeException invalid) {
                continue;
            }
            assertSameAsBuilt(s, INPUTS[checked % INPUTS.length]);
            checked++;
        }
        assertThat(checked).isEqualTo(300);
    }

    /**
     * Each block keeps its last count: children share blocks with their parents, the same block
     * is counted at other inputs and after other stems, and each count must still equal that of a
     * fresh copy (whose blocks have counted nothing), itself checked against the built blocks above.
     */
    @Test
    void blocksKeptCountsFollowTheInputAndTheChain() {
        Random rng = new Random(3);
        MaeDetSpace space = MaeDetSpace.builder().build();
        List<MaeDetStructure> family = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MaeDetStructure parent = space.sample(rng);
            family.add(parent);
            for (int c = 0; c < 3; c++) {
                family.add(space.mutate(family.get(family.size() - 1), rng, 1));
            }
        }
        int checked = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < family.size(); i++) {
                MaeDetStructure s = family.get(i);
                Shape input = MEMO_INPUTS[(i + round) % MEMO_INPUTS.length];
                MaeDetStructure fresh = MaeDetStructure.parse(s.encode());
                assertThat(MaeDetCost.count(s, input)).as("%s at %s", s.encode(), input)
                        .isEqualTo(MaeDetCost.count(fresh, input));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * family.size());

        // One block object after a stride-2 stem and after a stride-1 stem: other feature maps.
        MaeDetBlock shared = MaeDetBlock.superRes(16, 64, 2, 3, 3, 16);
        MaeDetStructure afterStride2 = new MaeDetStructure(List.of(MaeDetBlock.stem(3, 16, 2, 3), shared));
        MaeDetStructure afterStride1 = new MaeDetStructure(List.of(MaeDetBlock.stem(3, 16, 1, 3), shared));
        for (MaeDetStructure s : List.of(afterStride2, afterStride1, afterStride2)) {
            assertSameAsBuilt(s, INPUTS[0]);
        }
    }

    @Test
    void anAbsurdInputFailsInsteadOfWrappingToASmallCount() {
        MaeDetStructure wide = MaeDetStructure.parse("[{'class': 'ConvKXBNRELU', 'in': 3, 'out': 2048, 's': 1, 'k': 3},"
                + " {'class': 'SuperResK1KXK1', 'in': 2048, 'out': 2048, 's': 1, 'k': 5, 'L': 1024, 'btn': 2048}]");
        // Unchecked, the products at these sizes wrapped around to conv_macs 0, which passes any budget.
        for (Shape input : List.of(new Shape(1, 3, 1L << 28, 1L << 28), new Shape(1, 3, 1L << 30, 1L << 30))) {
            assertThatThrownBy(() -> MaeDetCost.count(wide, input)).as("%s", input)
                    .isInstanceOf(CostOverflowException.class)
                    .hasMessageContaining("do not fit in 64 bits");
        }
    }

    @Test
    void refusesInputsTheBackboneRefuses() {
        MaeDetStructure s = MaeDetSpace.tinyR50();
        assertThatThrownBy(() -> CostModel.count(MaeDetBackbone.of(s), new Shape(1, 3, 100, 100)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MaeDetCost.count(s, new Shape(1, 3, 100, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples of 32");
    }
}
