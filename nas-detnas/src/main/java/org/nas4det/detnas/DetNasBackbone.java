package org.nas4det.detnas;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.StagedBackbone;

/**
 * A standalone DetNAS subnet: 3×3 stride-2 stem (no bias, BN, ReLU) and four stages of choice
 * blocks, each stage starting with a stride-2 block; returns the selected stage outputs (C2..C5 by
 * default) with their channels and strides.
 *
 * <pre>{@code DetNasBackbone b = (DetNasBackbone) DetNasSpace.small().build(arch);}</pre>
 */
public final class DetNasBackbone extends StagedBackbone {

    DetNasBackbone(int stemWidth, int[] widths, int[] depths, DetNasArch arch, BlockConvention convention, List<Integer> levels) {
        super(parts(stemWidth, widths, depths, levels,
                (index, in, out, stride) -> new ShuffleBlock(arch.choice(index), in, out, stride, convention)));
    }

    /** Makes the block at one position of the stages (the supernet's choice layer, or a chosen block). */
    interface Blocks {
        Block make(int index, int in, int out, int stride);
    }

    /**
     * The layout the standalone subnet and the supernet share, so that a path and its extracted
     * subnet compute the same (channels-last from the input on): stem, then per stage a stride-2
     * block and stride-1 blocks, the selected levels' outputs.
     */
    static Parts parts(int stemWidth, int[] widths, int[] depths, List<Integer> levels, Blocks blocks) {
        Parts p = StagedBackbone.parts().names("stem", "layer").channelsLast()
                .stem(ConvBnAct.builder().setChannels(stemWidth).setKernel(3).optStride(2).build());
        int in = stemWidth;
        int block = 0;
        for (int s = 0; s < widths.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < depths[s]; b++) {
                stage.add(blocks.make(block++, b == 0 ? in : widths[s], widths[s], b == 0 ? 2 : 1));
            }
            in = widths[s];
            p.stage(stage, widths[s], 4 << s);
        }
        List<Integer> stages = new ArrayList<>();
        for (int l : levels) {
            stages.add(l - 2);
        }
        return p.select(stages);
    }
}
