package org.nas4det.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Weight initialisers with PyTorch's definitions, so that a spec that says "PyTorch default" or
 * "kaiming normal, fan out" gets exactly that distribution. Fan-in and fan-out follow PyTorch:
 * for a weight {@code (out, in, k...)}, fan-in = in × Πk, fan-out = out × Πk.
 *
 * <pre>{@code conv.setInitializer(TorchInitializers.kaimingUniform(Math.sqrt(5)), "weight");}</pre>
 */
public final class TorchInitializers {

    private TorchInitializers() {}

    /**
     * Kaiming (He) uniform, as {@code torch.nn.init.kaiming_uniform_(w, a)} with fan-in and leaky
     * ReLU gain: bound = sqrt(6 / ((1 + a²) · fan_in)). {@code a = √5} is PyTorch's default for
     * convolutions and linear layers; {@code a = 1} is FCOS's FPN init.
     *
     * @param a the negative slope
     * @return the initialiser
     */
    public static Initializer kaimingUniform(double a) {
        return (manager, shape, type) -> {
            double bound = Math.sqrt(6.0 / ((1 + a * a) * fanIn(shape)));
            return manager.randomUniform((float) -bound, (float) bound, shape, type);
        };
    }

    /**
     * Kaiming normal with fan-out and ReLU gain, as torchvision's ResNet: std = sqrt(2 / fan_out).
     *
     * @return the initialiser
     */
    public static Initializer kaimingNormalFanOut() {
        return (manager, shape, type) -> {
            double std = Math.sqrt(2.0 / fanOut(shape));
            return manager.randomNormal(0, (float) std, shape, type);
        };
    }

    /**
     * Normal with a fixed std (FCOS and RetinaNet heads: 0.01).
     *
     * @param std the standard deviation
     * @return the initialiser
     */
    public static Initializer normal(double std) {
        return (manager, shape, type) -> manager.randomNormal(0, (float) std, shape, type);
    }

    /**
     * PyTorch's default bias init for a layer: uniform in ±1/sqrt(fan_in).
     *
     * @param fanIn the layer's fan-in
     * @return the initialiser
     */
    public static Initializer defaultBias(long fanIn) {
        return (manager, shape, type) -> {
            double bound = 1 / Math.sqrt(fanIn);
            return manager.randomUniform((float) -bound, (float) bound, shape, type);
        };
    }

    /**
     * A constant (e.g. the focal-loss prior bias −log((1 − π) / π)).
     *
     * @param value the value
     * @return the initialiser
     */
    public static Initializer constant(float value) {
        return new Initializer() {
            @Override
            public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
                return manager.full(shape, value, dataType);
            }
        };
    }

    /**
     * @param shape a weight shape
     * @return PyTorch's fan-in
     */
    public static long fanIn(Shape shape) {
        long receptive = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            receptive *= shape.get(i);
        }
        return shape.dimension() < 2 ? shape.get(0) : shape.get(1) * receptive;
    }

    /**
     * @param shape a weight shape
     * @return PyTorch's fan-out
     */
    public static long fanOut(Shape shape) {
        long receptive = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            receptive *= shape.get(i);
        }
        return shape.get(0) * receptive;
    }
}
