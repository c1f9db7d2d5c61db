package org.nas4det.maedet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.StagedBackbone;

/**
 * The DJL block of a MAE-DET structure, expanded as TinyNAS does, returning the outputs of the
 * selected stages (default: the last three, C3..C5 of a five-stage net) with their channels and
 * strides, so it plugs into the core FPN + FCOS / RetinaNet detectors. Inputs must be multiples
 * of 32 (the stride-2 shortcut average-pools, which floors odd sizes). It runs channels-last
 * ({@link org.nas4det.core.nn.ChannelsLast}): the quick start's FCOS training of a searched
 * backbone ran 16-31 % more images a second so, at 128 px and two threads.
 *
 * <pre>{@code Backbone b = MaeDetBackbone.of(structure); // C3..C5}</pre>
 */
public final class MaeDetBackbone extends StagedBackbone {

    private final MaeDetStructure structure;

    private MaeDetBackbone(MaeDetStructure structure, List<Integer> selected) {
        super(parts(structure, selected));
        this.structure = structure;
    }

    private static Parts parts(MaeDetStructure structure, List<Integer> selected) {
        Parts p = StagedBackbone.parts().channelsLast();
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
                    stage.add(b.type() == BlockType.SUPER_RES_K1KXK1
                            ? TinyNasUnits.k1kxk1(b.out(), b.bottleneck(), b.kernel(), b.unitStride(j), b.unitProjects(j))
                            : TinyNasUnits.kxkx(b.out(), b.bottleneck(), b.kernel(), b.unitStride(j), b.unitProjects(j)));
                }
            }
            p.stage(stage, structure.blocks().get(ends.get(s)).out(), stride);
        }
        return p.select(selected);
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
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape in = inputs[0];
        if (in.get(2) % 32 != 0 || in.get(3) % 32 != 0) {
            throw new IllegalArgumentException("MAE-DET backbones need inputs that are multiples of 32, got "
                    + in.get(2) + "x" + in.get(3) + ": pad the image (detectors do)");
        }
        return super.countCost(counter, inputs);
    }
}
