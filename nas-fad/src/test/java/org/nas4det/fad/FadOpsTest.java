package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.CostModel;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.OpSpace;

/** The op list, op bodies' parameter counts (spec §1.1, §5) and shape preservation. */
class FadOpsTest {

    // Spec §1.1 formulas, computed here independently of the code.
    static long std(long c) {
        return 9 * c * c + c + 2 * c;
    }

    static long sep(long c) {
        return 9 * c + c * c + c + 2 * c;
    }

    static long dil(long c) {
        return 9 * c + c + c * c + c + 2 * c;
    }

    static long params(Block b, int c) {
        return CostModel.count(b, new Shape(1, c, 8, 8)).params();
    }

    @Test
    void releasedOrderIsTheSpecsTable() {
        assertThat(OpSpace.released().ops().stream().map(FadOp::name).toList()).containsExactly(
                "std_conv_3x3", "std_conv_3x3+dil_conv_3x3", "std_conv_3x3_x2", "std_conv_3x3_x2+dil_conv_3x3", "std_conv_3x3_x3",
                "sinSep_conv_3x3", "sinSep_conv_3x3+dil_conv_3x3", "sinSep_conv_3x3_x2", "sinSep_conv_3x3_x2+dil_conv_3x3",
                "sinSep_conv_3x3_x3", "none");
        assertThat(OpSpace.withRate3().ops().subList(0, 6).stream().map(FadOp::name).toList()).containsExactly(
                "std_conv_3x3", "std_conv_3x3+dil_conv_3x3_r3", "std_conv_3x3+dil_conv_3x3", "std_conv_3x3_x2",
                "std_conv_3x3_x2+dil_conv_3x3", "std_conv_3x3_x3");
        assertThat(OpSpace.withRate3().size()).isEqualTo(13);
    }

    @Test
    void opBodiesAtC96MatchTheSpecsUnitChecks() {
        // Spec §5 unit checks at C = 96, and the §1.1 formulas.
        long[] expected = {83_232, 93_696, 166_464, 176_928, 249_696, 10_368, 20_832, 20_736, 31_200, 31_104};
        List<FadOp> ops = OpSpace.released().ops();
        for (int i = 0; i < 10; i++) {
            assertThat(params(ops.get(i).body(96), 96)).as(ops.get(i).name()).isEqualTo(expected[i]);
        }
        assertThat(std(96)).isEqualTo(83_232);
        assertThat(sep(96)).isEqualTo(10_368);
        assertThat(std(96) + dil(96)).isEqualTo(93_696);
        // C = 128: formulas only.
        assertThat(params(ops.get(3).body(128), 128)).isEqualTo(2 * std(128) + dil(128));
        assertThat(params(ops.get(8).body(128), 128)).isEqualTo(2 * sep(128) + dil(128));
        FadOp r3 = OpSpace.withRate3().find("sinSep_conv_3x3+dil_conv_3x3_r3").orElseThrow();
        assertThat(params(r3.body(128), 128)).isEqualTo(sep(128) + dil(128));
    }

    @Test
    void everyOpKeepsSizeAndChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (FadOp op : OpSpace.withRate3().ops()) {
                if (op.isNone()) {
                    continue;
                }
                Block b = op.body(8);
                Shape s = new Shape(2, 8, 11, 13);
                b.initialize(m, DataType.FLOAT32, s);
                NDArray y = b.forward(new ParameterStore(m, false), new NDList(m.randomNormal(s)), false).head();
                assertThat(y.getShape()).as(op.name()).isEqualTo(s);
            }
        }
    }
}
