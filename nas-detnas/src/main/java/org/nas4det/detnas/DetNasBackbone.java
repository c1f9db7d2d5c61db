package org.nas4det.detnas;

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
        super(parts(stemWidth, widths, depths, arch, convention, levels));
    }

    private static Parts parts(int stemWidth, int[] widths, int[] depths, DetNasArch arch, BlockConvention convention,
            List<Integer> levels) {
        Parts p = StagedBackbone.parts().names("stem", "layer").channelsLast()
                .stem(ConvBnAct.builder().setChannels(stemWidth).setKernel(3).optStride(2).build());
        int in = stemWidth;
        int block = 0;
        for (int s = 0; s < widths.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < depths[s]; b++) {
                stage.add(new ShuffleBlock(arch.choice(block++), b == 0 ? in : widths[s], widths[s], b == 0 ? 2 : 1, convention));
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
