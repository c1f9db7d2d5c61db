package org.nas4det.maedet;

import ai.djl.ndarray.types.Shape;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostOverflowException;

/**
 * The cost of a MAE-DET structure counted from its numbers alone: the same walk as
 * {@code CostModel.count(MaeDetBackbone.of(s), input)} (every convolution, BatchNorm, ReLU,
 * residual ReLU and shortcut pooling of the units TinyNAS expands the blocks into), without
 * building a block. The search prices every child, so this is its hot path: microseconds instead
 * of a block tree per candidate. {@code MaeDetCostTest} checks every field against the block-built
 * count on random structures.
 *
 * <pre>{@code Cost c = MaeDetCost.count(structure, new Shape(1, 3, 480, 480));}</pre>
 */
final class MaeDetCost {

    private final Cost.Builder cost = Cost.builder();
    private final long batch;
    private long channels;
    private long height;
    private long width;

    private MaeDetCost(long batch, long channels, long height, long width) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * One block's count at the feature map it receives. A child shares all but a few blocks (one
     * to four) with its parent, and a late search draws several children for each it admits, so each block
     * keeps its last count ({@link MaeDetBlock#counted}): a child is priced by adding its blocks'
     * counts. Immutable, so a block shared between threads only risks counting twice.
     */
    static final class BlockCount {
        private final long batch;
        private final long channels;
        private final long height;
        private final long width;
        private final Cost cost;
        private final long outHeight;
        private final long outWidth;

        private BlockCount(long batch, long channels, long height, long width, Cost cost, long outHeight, long outWidth) {
            this.batch = batch;
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.cost = cost;
            this.outHeight = outHeight;
            this.outWidth = outWidth;
        }

        private boolean at(long n, long c, long h, long w) {
            return batch == n && channels == c && height == h && width == w;
        }
    }

    /**
     * Counts a structure's backbone cost.
     *
     * @param s the structure
     * @param input the input shape, batch first
     * @return the cost, {@link Cost#layers()} the structure's main-branch convolutions
     * @throws IllegalArgumentException when the input is not a multiple of 32, as the backbone
     */
    static Cost count(MaeDetStructure s, Shape input) {
        if (input.get(2) % 32 != 0 || input.get(3) % 32 != 0) {
            throw new IllegalArgumentException("MAE-DET backbones need inputs that are multiples of 32, got "
                    + input.get(2) + "x" + input.get(3) + ": pad the image (detectors do)");
        }
        long batch = input.get(0);
        long channels = input.get(1);
        long height = input.get(2);
        long width = input.get(3);
        Cost.Builder total = Cost.builder();
        for (int i = 0; i < s.size(); i++) {
            MaeDetBlock b = s.block(i);
            BlockCount part = b.counted;
            if (part == null || !part.at(batch, channels, height, width)) {
                part = count(b, batch, channels, height, width);
                b.counted = part;
            }
            total.add(part.cost);
            channels = b.out();
            height = part.outHeight;
            width = part.outWidth;
        }
        return total.input(input).layers(s.layers()).build();
    }

    private static BlockCount count(MaeDetBlock b, long batch, long channels, long height, long width) {
        MaeDetCost c = new MaeDetCost(batch, channels, height, width);
        if (b.type() == BlockType.CONV_KX_BN_RELU) {
            c.convBn(b.out(), b.kernel(), b.stride(), true);
        } else {
            c.unit(b, b.unitStride(0), b.unitProjects(0));
            if (b.units() > 1) {
                // The units after the first are alike (stride 1, `out` channels in and out, no
                // projection): count one and add it for each.
                MaeDetCost rest = new MaeDetCost(batch, c.channels, c.height, c.width);
                rest.unit(b, b.unitStride(1), b.unitProjects(1));
                Cost unit = rest.cost.build();
                for (int j = 1; j < b.units(); j++) {
                    c.cost.add(unit);
                }
            }
        }
        return new BlockCount(batch, channels, height, width, c.cost.build(), c.height, c.width);
    }

    /** One residual unit: main branch, shortcut on the unit's input, the final ReLU. */
    private void unit(MaeDetBlock b, int stride, boolean project) {
        long c0 = channels;
        long h0 = height;
        long w0 = width;
        if (b.type() == BlockType.SUPER_RES_K1KXK1) {
            convBn(b.bottleneck(), 1, 1, true);
            convBn(b.bottleneck(), b.kernel(), stride, true);
            convBn(b.out(), 1, 1, false);
        } else {
            convBn(b.bottleneck(), b.kernel(), 1, true);
            convBn(b.out(), b.kernel(), stride, false);
        }
        long c1 = channels;
        long h1 = height;
        long w1 = width;
        channels = c0;
        height = h0;
        width = w0;
        if (stride == 2) {
            long h = (height - 2) / 2 + 1;
            long w = (width - 2) / 2 + 1;
            cost.addPool(elements("pool elements", channels, height, width), elements("pool elements", channels, h, w), true);
            height = h;
            width = w;
        }
        if (project) {
            convBn(b.out(), 1, 1, false);
        }
        channels = c1;
        height = h1;
        width = w1;
        cost.addActElements(elements("activation elements", channels, height, width));
    }

    /** Elements of a (batch, c, h, w) map, failing instead of wrapping around. */
    private long elements(String what, long c, long h, long w) {
        return CostOverflowException.multiply(what, CostOverflowException.multiply(what, batch, c),
                CostOverflowException.multiply(what, h, w));
    }

    /** Convolution (no bias, "same" padding) + BatchNorm (+ ReLU), as {@code ConvBnAct}. */
    private void convBn(long out, int k, int stride, boolean act) {
        long pad = (k - 1) / 2;
        long h = (height + 2 * pad - (k - 1) - 1) / stride + 1;
        long w = (width + 2 * pad - (k - 1) - 1) / stride + 1;
        // Checked products, as CostCounter's: an absurd input fails instead of wrapping around to
        // a small count that would pass any budget.
        long perOutput = CostOverflowException.multiply("conv MACs", channels, (long) k * k);
        long outputs = elements("conv MACs", out, h, w);
        cost.addParams(CostOverflowException.multiply("params", out, perOutput), false);
        cost.addConvLayer(CostOverflowException.multiply("conv MACs", outputs, perOutput));
        cost.addParams(CostOverflowException.multiply("params", 2, out), true);
        cost.addBnElements(outputs);
        if (act) {
            cost.addActElements(outputs);
        }
        channels = out;
        height = h;
        width = w;
    }
}
