package org.nas4det.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;
import org.nas4det.core.nn.Act;
import org.nas4det.core.nn.GlobalAvgPool;
import org.nas4det.core.nn.GroupNorm;
import org.nas4det.core.nn.Pool2d;
import org.nas4det.core.nn.resnet.ResNets;

class CostModelTest {

    @Test
    void resnet50BodyMatchesTheReferenceCounts() {
        Cost c224 = CostModel.count(ResNets.body(50), new Shape(1, 3, 224, 224));
        assertThat(c224.params()).isEqualTo(23_508_032L);
        assertThat(c224.paramsBn()).isEqualTo(53_120L);
        assertThat(c224.convMacs()).isEqualTo(4_087_136_256L);
        assertThat(c224.bnElements()).isEqualTo(11_113_984L);
        assertThat(c224.convLayers()).isEqualTo(53);

        Cost big = CostModel.count(ResNets.body(50), new Shape(1, 3, 800, 1280));
        assertThat(big.convMacs()).isEqualTo(83_410_944_000L);
        assertThat(big.params()).isEqualTo(23_508_032L);
    }

    @Test
    void otherResNetBodiesMatchTorchvisionParameterCounts() {
        // torchvision totals minus the fc layer (512*1000+1000 or 2048*1000+1000).
        assertThat(CostModel.count(ResNets.body(18), new Shape(1, 3, 224, 224)).params())
                .isEqualTo(11_689_512L - 513_000L);
        assertThat(CostModel.count(ResNets.body(34), new Shape(1, 3, 224, 224)).params())
                .isEqualTo(21_797_672L - 513_000L);
        assertThat(CostModel.count(ResNets.body(101), new Shape(1, 3, 224, 224)).params())
                .isEqualTo(44_549_160L - 2_049_000L);
        // ResNet-18 at 224: 1.814 GMACs with fc (512,000 MACs), torchvision's published 1.81.
        assertThat(CostModel.count(ResNets.body(18), new Shape(1, 3, 224, 224)).convMacs())
                .isEqualTo(1_813_561_344L);
    }

    @Test
    void convolutionCountsGroupsDilationStrideAndBias() {
        Conv2d conv =
                Conv2d.builder()
                        .setFilters(32)
                        .setKernelShape(new Shape(3, 3))
                        .optStride(new Shape(2, 2))
                        .optPadding(new Shape(2, 2))
                        .optDilation(new Shape(2, 2))
                        .optGroups(4)
                        .build();
        Cost c = CostModel.count(conv, new Shape(1, 16, 20, 20));
        // out 10x10; per output 16/4*9 = 36 MACs; params 32*36 + 32 bias
        assertThat(c.convMacs()).isEqualTo(32L * 10 * 10 * 36);
        assertThat(c.params()).isEqualTo(32L * 36 + 32);
        assertThat(c.convLayers()).isEqualTo(1);
    }

    @Test
    void linearBatchNormGroupNormActivationsAndPoolsAreCounted() {
        SequentialBlock net =
                new SequentialBlock()
                        .add(BatchNorm.builder().build())
                        .add(new GroupNorm(2, 8))
                        .add(Act.relu())
                        .add(Pool2d.max(3, 2, 1))
                        .add(Pool2d.avg(2, 2, 0))
                        .add(new GlobalAvgPool())
                        .add(Linear.builder().setUnits(10).build());
        Cost c = CostModel.count(net, new Shape(1, 8, 16, 16));
        assertThat(c.paramsBn()).isEqualTo(16);
        assertThat(c.params()).isEqualTo(16 + 16 + 8 * 10 + 10);
        assertThat(c.bnElements()).isEqualTo(2L * 8 * 16 * 16);
        assertThat(c.actElements()).isEqualTo(8L * 16 * 16);
        // max 16->8 (in 2048, out 512), avg 8->4 (in 512, out 128), gap (in 128, out 8)
        assertThat(c.poolInElements()).isEqualTo(2048 + 512 + 128);
        assertThat(c.poolOutElements()).isEqualTo(512 + 128 + 8);
        assertThat(c.avgPoolOutElements()).isEqualTo(128 + 8);
        assertThat(c.convMacs()).isEqualTo(80);
        assertThat(c.thopFlops()).isEqualTo(80 + 2L * 4096 + 136);
    }

    @Test
    void anUnknownBlockIsAnErrorNamingItsPath() {
        SequentialBlock net = new SequentialBlock().add(Activation.reluBlock());
        assertThatThrownBy(() -> CostModel.count(net, new Shape(1, 3, 8, 8)))
                .isInstanceOf(UnsupportedBlockException.class)
                .hasMessageContaining("LambdaBlock")
                .hasMessageContaining("SequentialBlock/0:");
    }
}
