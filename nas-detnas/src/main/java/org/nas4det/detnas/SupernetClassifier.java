package org.nas4det.detnas;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.GlobalAvgPool;
import org.nas4det.core.nn.StagedBackbone;

/**
 * The supernet in classification mode, for pre-training: the supernet block's last stage output,
 * an optional 1×1 conv with BN and ReLU (1024 channels in DetNAS), global average pooling and a
 * linear layer with bias. The body is the supernet's own block, so its weights are shared with
 * the detection mode.
 *
 * <pre>{@code SupernetClassifier c = supernet.classifier(10, 1024); NDArray logits = c.forward(ps, x, true).head();}</pre>
 */
public final class SupernetClassifier extends AbstractBlock implements CostAware {

    private final StagedBackbone body;
    private final Block head;
    private final int classes;
    private final int lastChannels;

    SupernetClassifier(StagedBackbone body, int classes, int lastChannels) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (lastChannels < 0) {
            throw new IllegalArgumentException("last conv channels must be >= 0 (0 for none), got " + lastChannels);
        }
        this.body = addChildBlock("body", body);
        SequentialBlock h = new SequentialBlock();
        if (lastChannels > 0) {
            h.add(ConvBnAct.builder().setChannels(lastChannels).setKernel(1).build());
        }
        h.add(new GlobalAvgPool()).add(Linear.builder().setUnits(classes).build());
        this.head = addChildBlock("head", h);
        this.classes = classes;
        this.lastChannels = lastChannels;
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    /** @return channels of the 1×1 conv before pooling, 0 when there is none */
    public int lastChannels() {
        return lastChannels;
    }

    /** @return the classification head (conv, pooling, linear), without the body */
    public Block head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = body.forward(ps, inputs, training, params);
        return head.forward(ps, new NDList(features.get(features.size() - 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] f = body.getOutputShapes(inputShapes);
        return head.getOutputShapes(new Shape[] {f[f.length - 1]});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        Shape[] f = body.getOutputShapes(inputShapes);
        head.initialize(manager, dataType, f[f.length - 1]);
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        Shape[] f = counter.visit("body", body, inputs);
        return counter.visit("head", head, new Shape[] {f[f.length - 1]});
    }
}
