package org.nas4det.core.nn.resnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Pool2d;

/**
 * A ResNet body in torchvision's layout without avgpool and fc: 7x7/2 stem, 3x3/2 max-pool and
 * four stages, returning the selected stage outputs C2 (stride 4) to C5 (stride 32).
 *
 * <pre>{@code ResNetBody r50 = ResNets.body(50); // returns C2..C5}</pre>
 */
public final class ResNetBody extends AbstractBlock implements Backbone, CostAware {

    private final Block stem;
    private final Block pool;
    private final List<SequentialBlock> stages = new ArrayList<>();
    private final List<Integer> stageChannels = new ArrayList<>();
    private final List<Integer> levels;

    ResNetBody(boolean bottleneck, int[] blocks, int stemWidth, List<Integer> levels) {
        Preconditions.checkArgument(blocks.length == 4, "a ResNet body has 4 stages");
        for (int l : levels) {
            Preconditions.checkArgument(l >= 2 && l <= 5, "ResNet levels are C2..C5, got C%s", l);
        }
        this.levels = ImmutableList.copyOf(levels);
        stem =
                addChildBlock(
                        "stem", ConvBnAct.builder().setChannels(stemWidth).setKernel(7).optStride(2).build());
        pool = addChildBlock("maxpool", Pool2d.max(3, 2, 1));
        int in = stemWidth;
        for (int s = 0; s < 4; s++) {
            int planes = stemWidth << s;
            SequentialBlock stage = new SequentialBlock();
            for (int i = 0; i < blocks[s]; i++) {
                int stride = i == 0 && s > 0 ? 2 : 1;
                ResidualUnit u =
                        bottleneck
                                ? ResidualUnit.bottleneck(in, planes, stride)
                                : ResidualUnit.basic(in, planes, stride);
                stage.add(u);
                in = u.outChannels();
            }
            stages.add(addChildBlock("layer" + (s + 1), stage));
            stageChannels.add(in);
        }
    }

    @Override
    public List<Integer> outputChannels() {
        List<Integer> c = new ArrayList<>();
        for (int l : levels) {
            c.add(stageChannels.get(l - 2));
        }
        return c;
    }

    @Override
    public List<Integer> outputStrides() {
        List<Integer> s = new ArrayList<>();
        for (int l : levels) {
            s.add(1 << l);
        }
        return s;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = pool.forward(ps, stem.forward(ps, inputs, training, params), training, params);
        NDList out = new NDList();
        for (int s = 0; s < 4; s++) {
            x = stages.get(s).forward(ps, x, training, params);
            if (levels.contains(s + 2)) {
                out.add(x.singletonOrThrow());
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] x = pool.getOutputShapes(stem.getOutputShapes(inputShapes));
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            x = stages.get(s).getOutputShapes(x);
            if (levels.contains(s + 2)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        Shape[] x = stem.getOutputShapes(inputShapes);
        pool.initialize(manager, dataType, x);
        x = pool.getOutputShapes(x);
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, x);
            x = stage.getOutputShapes(x);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] x = counter.visit("maxpool", pool, counter.visit("stem", stem, inputs));
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            x = counter.visit("layer" + (s + 1), stages.get(s), x);
            if (levels.contains(s + 2)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }
}
