package org.nas4det.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.nn.Act;

/** Counts that do not fit in 64 bits fail by name; they never wrap around to wrong numbers. */
class CostOverflowTest {

    @Test
    void aConvolutionTooLargeToCountFailsInsteadOfWrapping() {
        // The second conv: 9e18 weights and 64*64*10^9 outputs of 9e18 MACs each, far past 2^63.
        SequentialBlock b = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(1_000_000_000).optPadding(new Shape(1, 1)).build())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(1_000_000_000).optPadding(new Shape(1, 1)).build());
        assertThatThrownBy(() -> CostModel.count(b, new Shape(1, 3, 64, 64)))
                .isInstanceOf(CostOverflowException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not fit in 64 bits");
    }

    @Test
    void elementCountsAndSumsAreChecked() {
        Shape huge = new Shape(1, 1L << 31, 1L << 31, 4);
        assertThatThrownBy(() -> CostModel.count(Act.relu(), huge)).isInstanceOf(CostOverflowException.class);
        assertThatThrownBy(() -> CostCounter.elements(huge)).isInstanceOf(CostOverflowException.class);
        assertThat(CostCounter.elements(new Shape(2, 3, 4))).isEqualTo(24);
        Cost.Builder c = Cost.builder().addConvLayer(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> c.addConvLayer(2)).isInstanceOf(CostOverflowException.class).hasMessageContaining("conv MACs");
        Cost big = Cost.builder().addConvLayer(Long.MAX_VALUE - 1).addBnElements(1).build();
        assertThatThrownBy(big::thopFlops).isInstanceOf(CostOverflowException.class).hasMessageContaining("thop FLOPs");
        assertThatThrownBy(big::mmcvFlops).isInstanceOf(CostOverflowException.class).hasMessageContaining("mmcv FLOPs");
    }

    @Test
    void addingACostAddsEveryCountAndChecksEachSum() {
        Cost part = Cost.builder().addParams(7, false).addParams(3, true).addConvLayer(100).addConvLayer(20)
                .addBnElements(5).addActElements(6).addPool(8, 2, true).addPool(4, 1, false).layers(99).build();
        Cost twice = Cost.builder().add(part).add(part).build();
        assertThat(twice.params()).isEqualTo(20);
        assertThat(twice.paramsBn()).isEqualTo(6);
        assertThat(twice.convMacs()).isEqualTo(240);
        assertThat(twice.convLayers()).isEqualTo(4);
        assertThat(twice.layers()).as("the part's depth is not added").isEqualTo(4);
        assertThat(twice.bnElements()).isEqualTo(10);
        assertThat(twice.actElements()).isEqualTo(12);
        assertThat(twice.poolInElements()).isEqualTo(24);
        assertThat(twice.poolOutElements()).isEqualTo(6);
        assertThat(twice.avgPoolOutElements()).isEqualTo(4);
        Cost big = Cost.builder().addParams(Long.MAX_VALUE / 2 + 1, false).build();
        Cost.Builder sum = Cost.builder().add(big);
        assertThatThrownBy(() -> sum.add(big)).isInstanceOf(CostOverflowException.class).hasMessageContaining("params");
    }

    @Test
    void layersAddedAtOnceCountAsOneByOne() {
        Cost once = Cost.builder().addConvLayer(1).addConvLayers(300, 3).build();
        Cost oneByOne = Cost.builder().addConvLayer(1).addConvLayer(100).addConvLayer(100).addConvLayer(100).build();
        assertThat(once).isEqualTo(oneByOne);
        assertThat(once.convLayers()).isEqualTo(4);
        assertThat(once.convMacs()).isEqualTo(301);
        Cost.Builder b = Cost.builder().addConvLayers(Long.MAX_VALUE, 1);
        assertThatThrownBy(() -> b.addConvLayers(1, 1)).isInstanceOf(CostOverflowException.class).hasMessageContaining("conv MACs");
        assertThatThrownBy(() -> Cost.builder().addConvLayers(1, Integer.MAX_VALUE + 1L)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aLinearLayerTooLargeToCountFails() {
        Linear l = Linear.builder().setUnits(1L << 40).build();
        assertThatThrownBy(() -> CostModel.count(l, new Shape(1, 1L << 30))).isInstanceOf(CostOverflowException.class);
    }
}
