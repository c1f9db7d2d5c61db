package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import org.nas4det.core.cost.CostAware;
import org.nas4det.core.cost.CostCounter;

/**
 * An element-wise activation as a named block. DJL's {@code Activation.reluBlock()} is an
 * anonymous lambda the cost model cannot see; this block says what it is.
 *
 * <pre>{@code Block relu = Act.relu();}</pre>
 */
public final class Act extends AbstractBlock implements CostAware {

    /** The activation functions. */
    public enum Kind {
        /** max(0, x). */
        RELU(Activation::relu),
        /** min(max(0, x), 6). */
        RELU6(Activation::relu6),
        /** 1 / (1 + e^-x). */
        SIGMOID(Activation::sigmoid),
        /** x · sigmoid(x), also called SiLU. */
        SWISH(x -> Activation.swish(x, 1f));

        private final UnaryOperator<NDArray> fn;

        Kind(UnaryOperator<NDArray> fn) {
            this.fn = fn;
        }
    }

    private final Kind kind;

    private Act(Kind kind) {
        this.kind = kind;
    }

    /**
     * Creates an activation block.
     *
     * @param kind the function
     * @return the block
     */
    public static Act of(Kind kind) {
        return new Act(kind);
    }

    /** @return a ReLU block */
    public static Act relu() {
        return new Act(Kind.RELU);
    }

    /** @return the function */
    public Kind kind() {
        return kind;
    }

    /**
     * Applies the function to an array.
     *
     * @param x the input
     * @return the output
     */
    public NDArray apply(NDArray x) {
        return kind.fn.apply(x);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape[] countCost(CostCounter counter, Shape[] inputs) {
        counter.addActivation(CostCounter.elements(inputs[0]));
        return inputs;
    }

    @Override
    public String toString() {
        return "Act(" + kind + ")";
    }
}
