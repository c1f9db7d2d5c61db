package org.nas4det.fad.ops;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.GroupNorm;
import org.nas4det.core.nn.OneDnnConv2d;
import org.nas4det.core.nn.TorchInitializers;

/**
 * The primitive layers of FAD (spec §1.1), each at C channels, stride 1, size kept, with PyTorch's
 * default init set explicitly (kaiming-uniform a = √5 weights, ±1/√fan_in biases):
 * <ul>
 *   <li>{@code STD}: 3×3 conv (bias) → GN → ReLU, 9C² + C + 2C params;</li>
 *   <li>{@code SEP}: 3×3 depthwise (no bias) → 1×1 (bias) → GN → ReLU, 9C + C² + C + 2C;</li>
 *   <li>{@code DIL}: 3×3 depthwise, dilation r, pad r (bias) → 1×1 (bias) → GN → ReLU,
 *       9C + C + C² + C + 2C.</li>
 * </ul>
 * GN has min(32, C) groups.
 *
 * <pre>{@code Block l = Layers.std(96); Block d = Layers.dil(96, 2);}</pre>
 */
public final class Layers {

    private Layers() {}

    /**
     * A convolution with PyTorch's default init.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel side
     * @param dilation dilation (padding keeps the size)
     * @param groups groups
     * @param bias whether it has a bias
     * @return the conv
     */
    public static Block conv(int in, int out, int kernel, int dilation, int groups, boolean bias) {
        int pad = dilation * (kernel - 1) / 2;
        Block c = new OneDnnConv2d(Conv2d.builder().setFilters(out).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad)).optDilation(new Shape(dilation, dilation))
                .optGroups(groups).optBias(bias));
        c.setInitializer(TorchInitializers.kaimingUniform(Math.sqrt(5)), Parameter.Type.WEIGHT);
        if (bias) {
            c.setInitializer(TorchInitializers.defaultBias((long) in / groups * kernel * kernel), Parameter.Type.BIAS);
        }
        return c;
    }

    /**
     * A 1×1 conv with PyTorch's default init.
     *
     * @param in input channels
     * @param out output channels
     * @param bias whether it has a bias
     * @return the conv
     */
    public static Block pointwise(int in, int out, boolean bias) {
        return conv(in, out, 1, 1, 1, bias);
    }

    /**
     * GroupNorm(min(32, C)) followed by ReLU appended to a block.
     *
     * @param b the block
     * @param c channels
     * @return the block
     */
    static SequentialBlock gnRelu(SequentialBlock b, int c) {
        return b.add(new GroupNorm(Math.min(32, c), c)).add(Act.relu());
    }

    /**
     * The STD layer.
     *
     * @param c channels
     * @return 3×3 conv (bias) → GN → ReLU
     */
    public static SequentialBlock std(int c) {
        return gnRelu(new SequentialBlock().add(conv(c, c, 3, 1, 1, true)), c);
    }

    /**
     * The SEP layer.
     *
     * @param c channels
     * @return 3×3 depthwise (no bias) → 1×1 (bias) → GN → ReLU
     */
    public static SequentialBlock sep(int c) {
        return gnRelu(new SequentialBlock().add(conv(c, c, 3, 1, c, false)).add(pointwise(c, c, true)), c);
    }

    /**
     * The DIL layer.
     *
     * @param c channels
     * @param rate dilation (2, or 3 in the 12-op variant)
     * @return 3×3 depthwise dilated (bias) → 1×1 (bias) → GN → ReLU
     */
    public static SequentialBlock dil(int c, int rate) {
        return gnRelu(new SequentialBlock().add(conv(c, c, 3, rate, c, true)).add(pointwise(c, c, true)), c);
    }

    /**
     * A base layer of a family.
     *
     * @param family the family
     * @param c channels
     * @return STD or SEP
     */
    public static SequentialBlock base(FadOp.Family family, int c) {
        return family == FadOp.Family.STD ? std(c) : sep(c);
    }
}
