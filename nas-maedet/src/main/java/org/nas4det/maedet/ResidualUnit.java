package org.nas4det.maedet;

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
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Pool2d;

/**
 * One unit of a TinyNAS residual block, as MAE-DET expands it: {@code ReLU(main(x) + shortcut(x))}.
 * K1KXK1: main 1×1 → k×k (stride) → 1×1 (no ReLU); the shortcut average-pools (2, 2) on stride 2,
 * then projects 1×1 + BN when the channels change or on the block's first unit. KXKX: main k×k →
 * k×k (stride, no ReLU); projection only when the channels change.
 *
 * <pre>{@code Block u = ResidualUnit.k1kxk1(32, 48, 32, 5, 2, true);}</pre>
 */
final class ResidualUnit extends AbstractBlock implements CostAware {

    private final List<Block> main = new ArrayList<>();
    private final Block pool;
    private final Block projection;
    private final Act act = Act.relu();

    private ResidualUnit(List<ConvBnAct> convs, int stride, boolean project, int out) {
        for (int i = 0; i < convs.size(); i++) {
            main.add(addChildBlock("conv" + (i + 1), convs.get(i)));
        }
        pool = stride == 2 ? addChildBlock("pool", Pool2d.avg(2, 2, 0)) : null;
        projection = project
                ? addChildBlock("residual_proj", ConvBnAct.builder().setChannels(out).setKernel(1).optActivation(null).build())
                : null;
    }

    static ResidualUnit k1kxk1(int in, int out, int btn, int k, int stride, boolean first) {
        List<ConvBnAct> c = List.of(
                ConvBnAct.builder().setChannels(btn).setKernel(1).build(),
                ConvBnAct.builder().setChannels(btn).setKernel(k).optStride(stride).build(),
                ConvBnAct.builder().setChannels(out).setKernel(1).optActivation(null).build());
        return new ResidualUnit(c, stride, in != out || first, out);
    }

    static ResidualUnit kxkx(int in, int out, int btn, int k, int stride) {
        List<ConvBnAct> c = List.of(
                ConvBnAct.builder().setChannels(btn).setKernel(k).build(),
                ConvBnAct.builder().setChannels(out).setKernel(k).optStride(stride).optActivation(null).build());
        return new ResidualUnit(c, stride, in != out, out);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (Block b : main) {
            x = b.forward(ps, x, training, params);
        }
        NDList s = inputs;
        if (pool != null) {
            s = pool.forward(ps, s, training, params);
        }
        if (projection != null) {
            s = projection.forward(ps, s, training, params);
        }
        NDArray sum = x.head().add(s.head());
        return new NDList(act.apply(sum));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : main) {
            s = b.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : main) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
        Shape[] sc = inputShapes;
        if (pool != null) {
            pool.initialize(manager, dataType, sc);
            sc = pool.getOutputShapes(sc);
        }
        if (projection != null) {
            projection.initialize(manager, dataType, sc);
        }
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] s = inputs;
        int i = 1;
        for (Block b : main) {
            s = counter.visit("conv" + i++, b, s);
        }
        Shape[] sc = inputs;
        if (pool != null) {
            sc = counter.visit("pool", pool, sc);
        }
        if (projection != null) {
            counter.visit("residual_proj", projection, sc);
        }
        counter.addActivation(s[0].size());
        return s;
    }
}
