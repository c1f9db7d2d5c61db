package org.nas4det.core.nn.resnet;

import ai.djl.nn.SequentialBlock;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Pool2d;
import org.nas4det.core.nn.StagedBackbone;

/**
 * A ResNet body in torchvision's layout without avgpool and fc: 7x7/2 stem, 3x3/2 max-pool and
 * four stages, returning the selected stage outputs C2 (stride 4) to C5 (stride 32).
 *
 * <pre>{@code ResNetBody r50 = ResNets.body(50); // returns C2..C5}</pre>
 */
public final class ResNetBody extends StagedBackbone {

    ResNetBody(boolean bottleneck, int[] blocks, int stemWidth, List<Integer> levels) {
        super(parts(bottleneck, blocks, stemWidth, levels));
    }

    private static Parts parts(boolean bottleneck, int[] blocks, int stemWidth, List<Integer> levels) {
        Preconditions.checkArgument(blocks.length == 4, "a ResNet body has 4 stages");
        List<Integer> stages = new ArrayList<>();
        for (int l : levels) {
            Preconditions.checkArgument(l >= 2 && l <= 5, "ResNet levels are C2..C5, got C%s", l);
            stages.add(l - 2);
        }
        Parts p = StagedBackbone.parts().names("stem", "layer")
                .stem(new SequentialBlock()
                        .add(ConvBnAct.builder().setChannels(stemWidth).setKernel(7).optStride(2).build())
                        .add(Pool2d.max(3, 2, 1).computedChannelsLast()));
        int in = stemWidth;
        for (int s = 0; s < 4; s++) {
            int planes = stemWidth << s;
            SequentialBlock stage = new SequentialBlock();
            for (int i = 0; i < blocks[s]; i++) {
                int stride = i == 0 && s > 0 ? 2 : 1;
                ResidualUnit u = bottleneck ? ResidualUnit.bottleneck(in, planes, stride) : ResidualUnit.basic(in, planes, stride);
                stage.add(u);
                in = u.outChannels();
            }
            p.stage(stage, in, 4 << s);
        }
        return p.select(stages);
    }
}
