package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * A backbone made of an optional stem and a chain of stages, returning the outputs of the
 * selected stages with their channels and strides. ResNet, MAE-DET and DetNAS backbones are
 * stage chains that differ only in what their stages hold.
 *
 * <pre>{@code
 * class MyNet extends StagedBackbone {
 *     MyNet() { super(StagedBackbone.parts().stem(stem).stage(s0, 64, 4).stage(s1, 128, 8).select(0, 1)); }
 * }
 * }</pre>
 */
public abstract class StagedBackbone extends AbstractBlock implements Backbone, CostAware {

    private final Block stem;
    private final List<Block> stages = new ArrayList<>();
    private final List<Integer> channels;
    private final List<Integer> strides;
    private final List<Integer> selected;
    private final boolean channelsLast;

    /**
     * Creates the backbone from its parts.
     *
     * @param parts stem, stages and selection
     */
    protected StagedBackbone(Parts parts) {
        this.stem = parts.stem == null ? null : addChildBlock(parts.stemName, parts.stem);
        for (int s = 0; s < parts.stages.size(); s++) {
            stages.add(addChildBlock(parts.prefix + s, parts.stages.get(s)));
        }
        this.channels = List.copyOf(parts.channels);
        this.strides = List.copyOf(parts.strides);
        this.selected = List.copyOf(parts.selected);
        this.channelsLast = parts.channelsLast;
        for (int s : selected) {
            if (s < 0 || s >= stages.size()) {
                throw new IllegalArgumentException("stage " + s + " does not exist: the backbone has " + stages.size() + " stages");
            }
        }
    }

    /** @return an empty set of parts */
    public static Parts parts() {
        return new Parts();
    }

    /** @return the number of stages */
    public int stageCount() {
        return stages.size();
    }

    @Override
    public List<Integer> outputChannels() {
        List<Integer> c = new ArrayList<>();
        for (int s : selected) {
            c.add(channels.get(s));
        }
        return c;
    }

    @Override
    public List<Integer> outputStrides() {
        List<Integer> c = new ArrayList<>();
        for (int s : selected) {
            c.add(strides.get(s));
        }
        return c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        if (channelsLast) {
            NDArray in = inputs.singletonOrThrow();
            if (ChannelsLast.pays(in)) {
                x = new NDList(ChannelsLast.of(in));
            }
        }
        x = stem == null ? x : stem.forward(ps, x, training, params);
        NDList out = new NDList();
        for (int s = 0; s < stages.size(); s++) {
            x = stages.get(s).forward(ps, x, training, params);
            if (selected.contains(s)) {
                out.add(x.head());
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] x = stem == null ? inputShapes : stem.getOutputShapes(inputShapes);
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            x = stages.get(s).getOutputShapes(x);
            if (selected.contains(s)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] x = inputShapes;
        if (stem != null) {
            stem.initialize(manager, dataType, x);
            x = stem.getOutputShapes(x);
        }
        for (Block stage : stages) {
            stage.initialize(manager, dataType, x);
            x = stage.getOutputShapes(x);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] x = stem == null ? inputs : counter.visit("stem", stem, inputs);
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            x = counter.visit("stage" + s, stages.get(s), x);
            if (selected.contains(s)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }

    /** The pieces of a staged backbone, collected before the block is built. */
    public static final class Parts {
        private Block stem;
        private String stemName = "stem";
        private String prefix = "stage";
        private final List<Block> stages = new ArrayList<>();
        private final List<Integer> channels = new ArrayList<>();
        private final List<Integer> strides = new ArrayList<>();
        private List<Integer> selected = List.of();
        private boolean channelsLast;

        private Parts() {}

        /**
         * Runs the backbone channels-last ({@link ChannelsLast}) on CPU: its input is copied to that
         * format once, and its convolutions read and write it (and hand it to whatever follows).
         * On a GPU, where it was not measured, the backbone keeps the default format.
         *
         * @return these parts
         */
        public Parts channelsLast() {
            this.channelsLast = true;
            return this;
        }

        /**
         * Sets the stem.
         *
         * @param b the stem block
         * @return these parts
         */
        public Parts stem(Block b) {
            this.stem = b;
            return this;
        }

        /**
         * Sets the child names (they name the parameters in saved files).
         *
         * @param stemName name of the stem
         * @param stagePrefix prefix of the stages, followed by their index
         * @return these parts
         */
        public Parts names(String stemName, String stagePrefix) {
            this.stemName = stemName;
            this.prefix = stagePrefix;
            return this;
        }

        /**
         * Adds a stage.
         *
         * @param b the stage block
         * @param outChannels its output channels
         * @param stride its output stride relative to the input image
         * @return these parts
         */
        public Parts stage(Block b, int outChannels, int stride) {
            stages.add(b);
            channels.add(outChannels);
            strides.add(stride);
            return this;
        }

        /**
         * Selects the stages whose outputs are returned.
         *
         * @param stageIndices indices from 0, ascending
         * @return these parts
         */
        public Parts select(List<Integer> stageIndices) {
            this.selected = List.copyOf(stageIndices);
            return this;
        }
    }
}
