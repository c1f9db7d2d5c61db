package org.nas4det.spnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Pool2d;
import org.nas4det.core.nn.TorchInitializers;

/**
 * The SP-NAS backbone of an architecture: a 7x7/2 stem and 3x3/2 max-pool (stride 4), then one
 * stage per group of the serial code, in the paper's reading ({@code 2} doubles the planes,
 * {@code -} starts a stage whose first block has stride 2). A stage with K extra copies runs
 * the paper's cascade: copies k = K-1..0 first, each fed by the same-index copy of the stage
 * before (or its highest copy, or the stage input) plus the feedback of copy k+1; a feedback is
 * a 1x1 conv + BN from the copy's output to the stage input channels, nearest-upsampled; the
 * main stage input receives copy 0's feedback. Only the main path feeds the neck.
 *
 * <pre>{@code SerialBackbone b = SerialBackbone.builder(SpNasArch.parse("r_111-2111-211111-211_0-0-0-0")).build();}</pre>
 */
public final class SerialBackbone extends AbstractBlock implements Backbone, CostAware {

    private final SpNasArch arch;
    private final int width;
    private final boolean sharedCopies;
    private final Block stem;
    private final List<SequentialBlock> stages = new ArrayList<>();
    private final List<List<SpUnit>> units = new ArrayList<>();
    private final List<List<SequentialBlock>> copies = new ArrayList<>();
    private final List<List<List<SpUnit>>> copyUnits = new ArrayList<>();
    private final List<ConvBnAct> connections = new ArrayList<>();
    private final List<Integer> stageIn = new ArrayList<>();
    private final List<Integer> stageOut = new ArrayList<>();
    private final List<Integer> stageStride = new ArrayList<>();
    private final List<Integer> selected;

    private SerialBackbone(Builder b) {
        this.arch = b.arch;
        this.width = b.width;
        this.sharedCopies = b.sharedCopies;
        stem = addChildBlock("stem", new SequentialBlock()
                .add(ConvBnAct.builder().setChannels(width).setKernel(7).optStride(2).build())
                .add(Pool2d.max(3, 2, 1).computedChannelsLast()));
        SerialCode code = arch.serialCode();
        int[] parallel = arch.parallel();
        int in = width;
        int planes = width;
        int stride = 4;
        for (int s = 0; s < code.stages(); s++) {
            stageIn.add(in);
            int stageInput = in;
            int planesAtStart = planes;
            List<SpUnit> us = stageUnits(code.stage(s), s, in, planes);
            SequentialBlock stage = new SequentialBlock();
            us.forEach(u -> stage.add(u.block));
            for (char c : code.stage(s).toCharArray()) {
                planes = c == '2' ? planes * 2 : planes;
            }
            in = us.get(us.size() - 1).outChannels;
            stride = s == 0 ? stride : stride * 2;
            stages.add(addChildBlock("stage" + s, stage));
            units.add(us);
            stageOut.add(in);
            stageStride.add(stride);
            List<SequentialBlock> cs = new ArrayList<>();
            List<List<SpUnit>> cus = new ArrayList<>();
            if (parallel[s] > 0) {
                for (int k = 0; k < (sharedCopies ? 0 : parallel[s]); k++) {
                    List<SpUnit> cu = stageUnits(code.stage(s), s, stageInput, planesAtStart);
                    SequentialBlock copy = new SequentialBlock();
                    cu.forEach(u -> copy.add(u.block));
                    cs.add(addChildBlock("copy" + s + "_" + k, copy));
                    cus.add(cu);
                }
                connections.add(addChildBlock("feedback" + s,
                        ConvBnAct.builder().setChannels(stageInput).setKernel(1).optActivation(null).build()));
            } else {
                connections.add(null);
            }
            copies.add(cs);
            copyUnits.add(cus);
        }
        this.selected = b.selected != null ? b.selected : detectionStages(code.stages());
        for (int s : selected) {
            if (s < 0 || s >= code.stages()) {
                throw new IllegalArgumentException("stage " + s + " does not exist in " + arch.serialCode());
            }
        }
        setInitializer(TorchInitializers.kaimingNormalFanOut(), Parameter.Type.WEIGHT);
    }

    private List<SpUnit> stageUnits(String digits, int s, int in, int planes) {
        List<SpUnit> us = new ArrayList<>();
        int c = in;
        int p = planes;
        for (int i = 0; i < digits.length(); i++) {
            p = digits.charAt(i) == '2' ? p * 2 : p;
            SpUnit u = SpUnit.create(arch.block(), c, p, i == 0 && s > 0 ? 2 : 1);
            us.add(u);
            c = u.outChannels;
        }
        return us;
    }

    /**
     * The stages a detector reads for a backbone of {@code stages} stages: all but the first
     * (C3 at stride 8 up to C(L+1) at stride 2^(L+1)), so a 4-stage code gives FCOS/RetinaNet's
     * C3..C5 and every extra stage adds a pyramid level.
     *
     * @param stages the stage count
     * @return stage indices
     */
    public static List<Integer> detectionStages(int stages) {
        List<Integer> out = new ArrayList<>();
        for (int s = 1; s < stages; s++) {
            out.add(s);
        }
        return out;
    }

    /**
     * @param arch the architecture
     * @return a builder (planes 64, detection outputs, separate copy weights)
     */
    public static Builder builder(SpNasArch arch) {
        return new Builder(arch);
    }

    /** @return the architecture */
    public SpNasArch arch() {
        return arch;
    }

    /** @return the stem width (base planes) */
    public int width() {
        return width;
    }

    /** @return whether copies share the main stage's weights */
    public boolean sharedCopies() {
        return sharedCopies;
    }

    /** @return every main-path block in global order */
    List<SpUnit> blocks() {
        List<SpUnit> all = new ArrayList<>();
        units.forEach(all::addAll);
        return all;
    }

    /** @return the main-path blocks of each stage */
    List<List<SpUnit>> stageUnits() {
        return Collections.unmodifiableList(units);
    }

    /** @return the copies' blocks, per stage and copy */
    List<List<List<SpUnit>>> copyUnits() {
        return Collections.unmodifiableList(copyUnits);
    }

    /** @return the feedback conv of each stage, null where a stage has no copies */
    List<ConvBnAct> connections() {
        return Collections.unmodifiableList(connections);
    }

    /** @return the stem */
    Block stem() {
        return stem;
    }

    /** @return output channels of every stage */
    public List<Integer> stageChannels() {
        return List.copyOf(stageOut);
    }

    @Override
    public List<Integer> outputChannels() {
        List<Integer> c = new ArrayList<>();
        selected.forEach(s -> c.add(stageOut.get(s)));
        return c;
    }

    @Override
    public List<Integer> outputStrides() {
        List<Integer> c = new ArrayList<>();
        selected.forEach(s -> c.add(stageStride.get(s)));
        return c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = stem.forward(ps, inputs, training, params).head();
        NDList out = new NDList();
        NDArray[] prev = new NDArray[0];
        int[] parallel = arch.parallel();
        for (int s = 0; s < stages.size(); s++) {
            NDArray in = x;
            NDArray[] outs = new NDArray[parallel[s]];
            NDArray feedback = null;
            for (int k = parallel[s] - 1; k >= 0; k--) {
                NDArray cin = k < prev.length ? prev[k] : prev.length > 0 ? prev[prev.length - 1] : in;
                if (feedback != null) {
                    cin = cin.add(feedback);
                }
                Block copy = sharedCopies ? stages.get(s) : copies.get(s).get(k);
                outs[k] = copy.forward(ps, new NDList(cin), training, params).head();
                feedback = upsampleTo(connections.get(s).forward(ps, new NDList(outs[k]), training, params).head(), in.getShape());
            }
            if (feedback != null) {
                in = in.add(feedback);
            }
            x = stages.get(s).forward(ps, new NDList(in), training, params).head();
            prev = outs;
            if (selected.contains(s)) {
                out.add(x);
            }
        }
        return out;
    }

    /** Nearest-neighbour upsampling to a finer map, cropped to its size. */
    private static NDArray upsampleTo(NDArray x, Shape target) {
        long f = target.get(2) / x.getShape().get(2);
        if (x.getShape().get(2) * f < target.get(2)) {
            f++;
        }
        NDArray up = f <= 1 ? x : x.repeat(2, f).repeat(3, f);
        if (up.getShape().get(2) != target.get(2) || up.getShape().get(3) != target.get(3)) {
            up = up.get(new NDIndex(":, :, :{}, :{}", target.get(2), target.get(3)));
        }
        return up;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] x = stem.getOutputShapes(inputShapes);
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
        stem.initialize(manager, dataType, inputShapes);
        Shape[] x = stem.getOutputShapes(inputShapes);
        for (int s = 0; s < stages.size(); s++) {
            for (SequentialBlock c : copies.get(s)) {
                c.initialize(manager, dataType, x);
            }
            Shape[] y = stages.get(s).getOutputShapes(x);
            if (connections.get(s) != null) {
                connections.get(s).initialize(manager, dataType, y);
            }
            stages.get(s).initialize(manager, dataType, x);
            x = y;
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] x = counter.visit("stem", stem, inputs);
        List<Shape> out = new ArrayList<>();
        int[] parallel = arch.parallel();
        for (int s = 0; s < stages.size(); s++) {
            for (int k = 0; k < parallel[s]; k++) {
                Block copy = sharedCopies ? stages.get(s) : copies.get(s).get(k);
                Shape[] y = counter.visit("copy" + s + "_" + k, copy, x);
                counter.visit("feedback" + s, connections.get(s), y);
            }
            x = counter.visit("stage" + s, stages.get(s), x);
            if (selected.contains(s)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }

    /** Builds a {@link SerialBackbone}. */
    public static final class Builder {
        private final SpNasArch arch;
        private int width = 64;
        private boolean sharedCopies;
        private List<Integer> selected;

        private Builder(SpNasArch arch) {
            this.arch = arch;
        }

        /**
         * Sets the stem width, the planes of the first stage (default 64; narrow for tests).
         *
         * @param w width
         * @return this builder
         */
        public Builder optWidth(int w) {
            if (w < 1) {
                throw new IllegalArgumentException("width must be >= 1, got " + w);
            }
            this.width = w;
            return this;
        }

        /**
         * Lets the parallel copies run the main stage's weights (the legacy behaviour); default
         * false: each copy has its own weights.
         *
         * @param shared whether copies share weights
         * @return this builder
         */
        public Builder optSharedCopies(boolean shared) {
            this.sharedCopies = shared;
            return this;
        }

        /**
         * Selects the returned stages (default {@link #detectionStages}).
         *
         * @param stageIndices indices from 0, ascending
         * @return this builder
         */
        public Builder optOutputs(List<Integer> stageIndices) {
            this.selected = List.copyOf(java.util.Objects.requireNonNull(stageIndices, "optOutputs: null"));
            return this;
        }

        /**
         * Returns every stage (the standalone backbone, C2 first).
         *
         * @return this builder
         */
        public Builder optAllStages() {
            List<Integer> all = new ArrayList<>();
            for (int s = 0; s < arch.serialCode().stages(); s++) {
                all.add(s);
            }
            return optOutputs(all);
        }

        /** @return the backbone */
        public SerialBackbone build() {
            return new SerialBackbone(this);
        }
    }
}
