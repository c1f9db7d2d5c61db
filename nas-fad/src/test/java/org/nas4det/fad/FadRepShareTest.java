package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.fad.ops.FadOp;
import org.nas4det.fad.ops.Layers;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.MixedEdge;
import org.nas4det.fad.search.RepShareFamily;

/** The RepShare mixture equals the weighted sum of separately built ops carrying the same weights. */
class FadRepShareTest {

    static final int C = 8;

    static void copy(Block from, Block to) {
        List<Parameter> a = new ArrayList<>();
        from.getParameters().forEach(p -> a.add(p.getValue()));
        List<Parameter> b = new ArrayList<>();
        for (Pair<String, Parameter> p : to.getParameters()) {
            b.add(p.getValue());
        }
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).getArray().getShape()).isEqualTo(a.get(i).getArray().getShape());
            b.get(i).getArray().set(FloatBuffer.wrap(a.get(i).getArray().toFloatArray()));
        }
    }

    /** The family's ops built on their own (op body, plus the decouple 1×1 where the chain has one). */
    static List<Block> separate(RepShareFamily f, FadOp.Family family, boolean rate3, NDManager m) {
        Block[] l = f.baseLayers();
        List<Block> d = f.dilLayers();
        List<Block> k = f.decoupleConvs();
        List<Block[]> sources = new ArrayList<>();
        sources.add(new Block[] {l[0], k.get(0)});
        if (rate3) {
            sources.add(new Block[] {l[0], d.get(2)});
        }
        sources.add(new Block[] {l[0], d.get(0)});
        sources.add(new Block[] {l[0], l[1], k.get(1)});
        sources.add(new Block[] {l[0], l[1], d.get(1)});
        sources.add(new Block[] {l[0], l[1], l[2]});
        List<FadOp> ops = OpSpace.of(rate3).ops().stream().filter(o -> family == o.family()).toList();
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            SequentialBlock s = ops.get(i).body(C);
            boolean decoupled = ops.get(i).dilation() == 0 && ops.get(i).depth() < 3;
            if (decoupled) {
                s.add(Layers.pointwise(C, C, false));
            }
            s.initialize(m, DataType.FLOAT32, new Shape(2, C, 6, 6));
            // Children in order: the body's layers (base layers, then DIL), then the decouple conv.
            List<Block> layers = new ArrayList<>(s.getChildren().values());
            Block[] src = sources.get(i);
            assertThat(layers).hasSize(src.length);
            for (int j = 0; j < src.length; j++) {
                copy(src[j], layers.get(j));
            }
            out.add(s);
        }
        return out;
    }

    @Test
    void mixtureIsTheWeightedSumOfSeparateOps() {
        for (boolean rate3 : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                OpSpace space = OpSpace.of(rate3);
                MixedEdge edge = new MixedEdge(space, 16, C);
                edge.initialize(m, DataType.FLOAT32, new Shape(2, 16, 6, 6), new Shape(space.size()));
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = m.randomNormal(new Shape(2, C, 6, 6));
                NDArray w = m.randomNormal(new Shape(space.size())).softmax(0);
                NDArray mixed = edge.mix(ps, x, w, false);
                List<Block> ops = new ArrayList<>(separate(edge.stdFamily(), FadOp.Family.STD, rate3, m));
                ops.addAll(separate(edge.sepFamily(), FadOp.Family.SEP, rate3, m));
                assertThat(ops).hasSize(space.size() - 1);
                NDArray expected = x.zerosLike();
                float[] wv = w.toFloatArray();
                for (int k = 0; k < ops.size(); k++) {
                    expected = expected.add(ops.get(k).forward(ps, new NDList(x), false).head().mul(wv[k]));
                }
                assertThat(mixed.sub(expected).abs().max().getFloat()).as("rate3 %s", rate3).isLessThan(1e-5f);
                // The none weight is real: scaling it changes the mix only through the softmax.
                assertThat(expected.abs().max().getFloat()).isGreaterThan(1e-3f);
            }
        }
    }
}
