package org.nas4det.detnas;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.Supernet;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.StagedBackbone;

/**
 * The DetNAS one-shot supernet: the stem and, at every block position, all four candidate blocks
 * with their own weights and BN. {@link #activate} routes the forward through one path; the
 * block is a detection backbone returning C2..C5 of that path; {@link #extract} copies a path's
 * weights into a standalone {@link DetNasBackbone}.
 *
 * <pre>{@code
 * DetNasSupernet s = DetNasSupernet.of(DetNasSpace.small());
 * s.block().initialize(manager, DataType.FLOAT32, new Shape(8, 3, 224, 224));
 * s.activate(arch); NDList c2c5 = s.block().forward(ps, images, true);
 * }</pre>
 */
public final class DetNasSupernet implements Supernet<DetNasArch> {

    private final DetNasSpace space;
    private final Body body;

    private DetNasSupernet(DetNasSpace space) {
        this.space = space;
        this.body = new Body(space);
    }

    /**
     * Creates the supernet of a space.
     *
     * @param space the space
     * @return the supernet (uninitialised)
     */
    public static DetNasSupernet of(DetNasSpace space) {
        return new DetNasSupernet(space);
    }

    /** The supernet block: stem and stages of choice layers. */
    static final class Body extends StagedBackbone {
        private final List<ChoiceLayer> layers;
        private final Block stem;

        private Body(DetNasSpace space) {
            this(space, new ArrayList<>());
        }

        private Body(DetNasSpace space, List<ChoiceLayer> layers) {
            super(parts(space, layers));
            this.layers = layers;
            this.stem = getChildren().get(0).getValue();
        }

        private static Parts parts(DetNasSpace space, List<ChoiceLayer> layers) {
            Parts p = StagedBackbone.parts().names("stem", "layer")
                    .stem(ConvBnAct.builder().setChannels(space.stemWidth()).setKernel(3).optStride(2).build());
            int in = space.stemWidth();
            int[] widths = space.widths();
            int[] depths = space.depths();
            for (int s = 0; s < widths.length; s++) {
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < depths[s]; b++) {
                    ChoiceLayer l = new ChoiceLayer(b == 0 ? in : widths[s], widths[s], b == 0 ? 2 : 1, space.convention());
                    layers.add(l);
                    stage.add(l);
                }
                in = widths[s];
                p.stage(stage, widths[s], 4 << s);
            }
            List<Integer> stages = new ArrayList<>();
            for (int l : space.levels()) {
                stages.add(l - 2);
            }
            return p.select(stages);
        }
    }

    @Override
    public SearchSpace<DetNasArch> space() {
        return space;
    }

    @Override
    public StagedBackbone block() {
        return body;
    }

    @Override
    public void activate(DetNasArch arch) {
        space.validate(arch);
        for (int i = 0; i < body.layers.size(); i++) {
            body.layers.get(i).activate(arch.choice(i));
        }
    }

    /** Activates the path and returns the supernet block itself: the path runs on shared weights. */
    @Override
    public Block subnet(DetNasArch arch) {
        activate(arch);
        return body;
    }

    /** The trainable parameters of the stem and of the path's candidates. */
    @Override
    public List<Parameter> pathParameters(DetNasArch arch) {
        return path(arch, true);
    }

    /**
     * Returns the path's parameters including BN running statistics (what a subnet export copies).
     *
     * @param arch the path
     * @return every array of the stem and the path's candidates
     */
    public List<Parameter> pathArrays(DetNasArch arch) {
        return path(arch, false);
    }

    private List<Parameter> path(DetNasArch arch, boolean trainableOnly) {
        space.validate(arch);
        List<Parameter> out = new ArrayList<>();
        collect(body.stem, out, trainableOnly);
        for (int i = 0; i < body.layers.size(); i++) {
            collect(body.layers.get(i).candidate(arch.choice(i)), out, trainableOnly);
        }
        return out;
    }

    private static void collect(Block b, List<Parameter> out, boolean trainableOnly) {
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (!trainableOnly || p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
    }

    @Override
    public Block extract(DetNasArch arch, NDManager manager) {
        DetNasBackbone standalone = (DetNasBackbone) space.build(arch);
        Shape input = body.getInputShapes() != null ? body.getInputShapes()[0] : new Shape(1, 3, 224, 224);
        standalone.initialize(manager, DataType.FLOAT32, input);
        // Every array of the path, BN running statistics included.
        List<Parameter> from = path(arch, false);
        List<Parameter> to = new ArrayList<>();
        collect(standalone, to, false);
        if (from.size() != to.size()) {
            throw new IllegalStateException("supernet path and standalone subnet differ in parameters: " + from.size() + " vs " + to.size());
        }
        for (int i = 0; i < from.size(); i++) {
            to.get(i).getArray().set(new NDIndex("..."), from.get(i).getArray());
        }
        return standalone;
    }
}
