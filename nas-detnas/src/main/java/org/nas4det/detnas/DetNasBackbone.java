package org.nas4det.detnas;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.ConvBnAct;

/**
 * A standalone DetNAS subnet: 3×3 stride-2 stem (no bias, BN, ReLU) and four stages of choice
 * blocks, each stage starting with a stride-2 block; returns the selected stage outputs (C2..C5 by
 * default) with their channels and strides.
 *
 * <pre>{@code DetNasBackbone b = DetNasSpace.small().build(arch);}</pre>
 */
public final class DetNasBackbone extends AbstractBlock implements Backbone, CostAware {

    private final Block stem;
    private final List<SequentialBlock> stages = new ArrayList<>();
    private final List<Integer> widths;
    private final List<Integer> levels;

    DetNasBackbone(int stemWidth, int[] widths, int[] depths, DetNasArch arch, BlockConvention convention, List<Integer> levels) {
        this.widths = new ArrayList<>();
        this.levels = List.copyOf(levels);
        stem = addChildBlock("stem", ConvBnAct.builder().setChannels(stemWidth).setKernel(3).optStride(2).build());
        int in = stemWidth;
        int block = 0;
        for (int s = 0; s < widths.length; s++) {
            SequentialBlock stage = new SequentialBlock();
            for (int b = 0; b < depths[s]; b++) {
                stage.add(new ShuffleBlock(arch.choice(block++), b == 0 ? in : widths[s], widths[s], b == 0 ? 2 : 1, convention));
            }
            in = widths[s];
            this.widths.add(widths[s]);
            stages.add(addChildBlock("layer" + s, stage));
        }
    }

    @Override
    public List<Integer> outputChannels() {
        List<Integer> c = new ArrayList<>();
        for (int l : levels) {
            c.add(widths.get(l - 2));
        }
        return c;
    }

    @Override
    public List<Integer> outputStrides() {
        List<Integer> c = new ArrayList<>();
        for (int l : levels) {
            c.add(1 << l);
        }
        return c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stem.forward(ps, inputs, training, params);
        NDList out = new NDList();
        for (int s = 0; s < stages.size(); s++) {
            x = stages.get(s).forward(ps, x, training, params);
            if (levels.contains(s + 2)) {
                out.add(x.head());
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] x = stem.getOutputShapes(inputShapes);
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
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
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, x);
            x = stage.getOutputShapes(x);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] x = counter.visit("stem", stem, inputs);
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            x = counter.visit("layer" + s, stages.get(s), x);
            if (levels.contains(s + 2)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }
}
