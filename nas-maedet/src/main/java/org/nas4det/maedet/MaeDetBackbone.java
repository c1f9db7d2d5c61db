package org.nas4det.maedet;

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
 * The DJL block of a MAE-DET structure, expanded as TinyNAS does, returning the outputs of the
 * selected stages (default: the last three, C3..C5 of a five-stage net) with their channels and
 * strides, so it plugs into the core FPN + FCOS / RetinaNet detectors. Inputs must be multiples
 * of 32 (the stride-2 shortcut average-pools, which floors odd sizes).
 *
 * <pre>{@code Backbone b = MaeDetBackbone.of(structure); // C3..C5}</pre>
 */
public final class MaeDetBackbone extends AbstractBlock implements Backbone, CostAware {

    private final MaeDetStructure structure;
    private final List<SequentialBlock> stages = new ArrayList<>();
    private final List<Integer> selected;
    private final List<Integer> stageChannels = new ArrayList<>();
    private final List<Integer> stageStrides = new ArrayList<>();

    private MaeDetBackbone(MaeDetStructure structure, List<Integer> selected) {
        this.structure = structure;
        this.selected = List.copyOf(selected);
        List<Integer> ends = structure.stageEnds();
        int block = 0;
        int stride = 1;
        for (int s = 0; s < ends.size(); s++) {
            SequentialBlock stage = new SequentialBlock();
            for (; block <= ends.get(s); block++) {
                MaeDetBlock b = structure.blocks().get(block);
                stride *= b.stride();
                if (b.type() == BlockType.CONV_KX_BN_RELU) {
                    stage.add(ConvBnAct.builder().setChannels(b.out()).setKernel(b.kernel()).optStride(b.stride()).build());
                    continue;
                }
                for (int j = 0; j < b.units(); j++) {
                    int cin = j == 0 ? b.in() : b.out();
                    int st = j == 0 ? b.stride() : 1;
                    stage.add(b.type() == BlockType.SUPER_RES_K1KXK1
                            ? TinyNasUnits.k1kxk1(cin, b.out(), b.bottleneck(), b.kernel(), st, j == 0)
                            : TinyNasUnits.kxkx(cin, b.out(), b.bottleneck(), b.kernel(), st));
                }
            }
            stages.add(addChildBlock("stage" + s, stage));
            stageChannels.add(structure.blocks().get(ends.get(s)).out());
            stageStrides.add(stride);
        }
        for (int s : selected) {
            if (s < 0 || s >= stages.size()) {
                throw new IllegalArgumentException("stage " + s + " does not exist: the structure has " + stages.size() + " stages");
            }
        }
    }

    /**
     * Builds the backbone returning the last three stages.
     *
     * @param structure the structure
     * @return the backbone
     */
    public static MaeDetBackbone of(MaeDetStructure structure) {
        int n = structure.stages();
        List<Integer> last = new ArrayList<>();
        for (int s = Math.max(0, n - 3); s < n; s++) {
            last.add(s);
        }
        return new MaeDetBackbone(structure, last);
    }

    /**
     * Builds the backbone returning chosen stages.
     *
     * @param structure the structure
     * @param stages stage indices from 0, ascending
     * @return the backbone
     */
    public static MaeDetBackbone of(MaeDetStructure structure, List<Integer> stages) {
        return new MaeDetBackbone(structure, stages);
    }

    /** @return the structure */
    public MaeDetStructure structure() {
        return structure;
    }

    @Override
    public List<Integer> outputChannels() {
        List<Integer> c = new ArrayList<>();
        for (int s : selected) {
            c.add(stageChannels.get(s));
        }
        return c;
    }

    @Override
    public List<Integer> outputStrides() {
        List<Integer> c = new ArrayList<>();
        for (int s : selected) {
            c.add(stageStrides.get(s));
        }
        return c;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
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
        Shape[] x = inputShapes;
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
        for (Block stage : stages) {
            stage.initialize(manager, dataType, x);
            x = stage.getOutputShapes(x);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape in = inputs[0];
        if (in.get(2) % 32 != 0 || in.get(3) % 32 != 0) {
            throw new IllegalArgumentException("MAE-DET backbones need inputs that are multiples of 32, got "
                    + in.get(2) + "x" + in.get(3) + ": pad the image (detectors do)");
        }
        Shape[] x = inputs;
        List<Shape> out = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            x = counter.visit("stage" + s, stages.get(s), x);
            if (selected.contains(s)) {
                out.add(x[0]);
            }
        }
        return out.toArray(new Shape[0]);
    }
}
