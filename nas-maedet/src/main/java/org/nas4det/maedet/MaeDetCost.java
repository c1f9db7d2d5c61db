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

    /**
     * One block's count at the feature map it receives. A child shares all but a few blocks (one
     * to four) with its parent, and a late search draws several children for each it admits, so each block
     * keeps its last count ({@link MaeDetBlock#counted}): a child is priced by adding its blocks'
     * counts. The counts are plain fields, not a {@link Cost}: a paper-scale search counts about
     * 200,000 blocks and keeps each count, and a block is counted without any other object.
     * Not changed once counted, and published through the volatile {@link MaeDetBlock#counted}, so
     * a block shared between threads only risks counting twice.
     */
    static final class BlockCount {
        // Where it was counted: the input map (batch, channels, height, width).
        private final long batch;
        private final long inChannels;
        private final long inHeight;
        private final long inWidth;
        // The walk's position: the current map while counting, the block's output after.
        private long channels;
        private long height;
        private long width;
        private long params;
        private long paramsBn;
        private long convMacs;
        private long convLayers;
        private long bnElements;
        private long actElements;
        // Shortcut pooling is average pooling: its outputs count as pool and average-pool outputs.
        private long poolInElements;
        private long poolOutElements;

        private BlockCount(long batch, long channels, long height, long width) {
            this.batch = batch;
            this.inChannels = channels;
            this.inHeight = height;
            this.inWidth = width;
            this.channels = channels;
            this.height = height;
            this.width = width;
        }

        private boolean at(long n, long c, long h, long w) {
            return batch == n && inChannels == c && inHeight == h && inWidth == w;
        }

        /** Adds {@code times} copies of another count's parts (not its position). */
        private void add(BlockCount o, long times) {
            params = add("params", params, o.params, times);
            paramsBn = add("params", paramsBn, o.paramsBn, times);
            convMacs = add("conv MACs", convMacs, o.convMacs, times);
            convLayers = add("conv layers", convLayers, o.convLayers, times);
            bnElements = add("BN elements", bnElements, o.bnElements, times);
            actElements = add("activation elements", actElements, o.actElements, times);
            poolInElements = add("pool elements", poolInElements, o.poolInElements, times);
            poolOutElements = add("pool elements", poolOutElements, o.poolOutElements, times);
        }

        private static long add(String what, long total, long part, long times) {
            return CostOverflowException.add(what, total, CostOverflowException.multiply(what, part, times));
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
                poolInElements = CostOverflowException.add("pool elements", poolInElements, elements("pool elements", channels, height, width));
                poolOutElements = CostOverflowException.add("pool elements", poolOutElements, elements("pool elements", channels, h, w));
                height = h;
                width = w;
            }
            if (project) {
                convBn(b.out(), 1, 1, false);
            }
            channels = c1;
            height = h1;
            width = w1;
            actElements = CostOverflowException.add("activation elements", actElements,
                    elements("activation elements", channels, height, width));
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
            long bnParams = CostOverflowException.multiply("params", 2, out);
            params = CostOverflowException.add("params", params,
                    CostOverflowException.add("params", CostOverflowException.multiply("params", out, perOutput), bnParams));
            paramsBn = CostOverflowException.add("params", paramsBn, bnParams);
            convMacs = CostOverflowException.add("conv MACs", convMacs, CostOverflowException.multiply("conv MACs", outputs, perOutput));
            convLayers++;
            bnElements = CostOverflowException.add("BN elements", bnElements, outputs);
            if (act) {
                actElements = CostOverflowException.add("activation elements", actElements, outputs);
            }
            channels = out;
            height = h;
            width = w;
        }
    }

    private MaeDetCost() {}

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
        BlockCount total = new BlockCount(batch, channels, height, width);
        for (int i = 0; i < s.size(); i++) {
            MaeDetBlock b = s.block(i);
            BlockCount part = b.counted;
            if (part == null || !part.at(batch, channels, height, width)) {
                part = count(b, batch, channels, height, width);
                b.counted = part;
            }
            total.add(part, 1);
            channels = part.channels;
            height = part.height;
            width = part.width;
        }
        return Cost.builder()
                .addParams(total.params - total.paramsBn, false)
                .addParams(total.paramsBn, true)
                .addConvLayers(total.convMacs, total.convLayers)
                .addBnElements(total.bnElements)
                .addActElements(total.actElements)
                .addPool(total.poolInElements, total.poolOutElements, true)
                .input(input).layers(s.layers()).build();
    }

    private static BlockCount count(MaeDetBlock b, long batch, long channels, long height, long width) {
        BlockCount c = new BlockCount(batch, channels, height, width);
        if (b.type() == BlockType.CONV_KX_BN_RELU) {
            c.convBn(b.out(), b.kernel(), b.stride(), true);
        } else {
            c.unit(b, b.unitStride(0), b.unitProjects(0));
            if (b.units() > 1) {
                // The units after the first are alike (stride 1, `out` channels in and out, no
                // projection): count one and add it for each.
                BlockCount rest = new BlockCount(batch, c.channels, c.height, c.width);
                rest.unit(b, b.unitStride(1), b.unitProjects(1));
                c.add(rest, b.units() - 1);
            }
        }
        return c;
    }
}
