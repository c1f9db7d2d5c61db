package org.nas4det.core.builders;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Fpn;
import org.nas4det.core.report.chart.Chart;
import org.nas4det.core.train.BatchSource;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.LearningRateSchedule;
import org.nas4det.core.train.TrainingLoop;

/**
 * CONTRIBUTING: a missing {@code setX} value makes {@code build()} throw IllegalStateException naming
 * {@code setX}; a present but invalid one is an IllegalArgumentException from the setter, naming it.
 */
class RequiredSettersTest {

    @Test
    void trainingLoopNamesEachMissingSetterInTurn() {
        TrainingLoop.Builder b = TrainingLoop.builder();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("setBlock");
        b.setBlock(stub(Block.class));
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("setObjective");
        b.setObjective((ps, x, y) -> null);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("setData");
        b.setData(stub(BatchSource.class));
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("setSchedule");
        b.setSchedule(LearningRateSchedule.cosine(0.1f, 10));
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("setIterations");
        assertThatThrownBy(() -> b.setIterations(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setIterations: must be >= 0, got -1");
    }

    @Test
    void convBnActNamesSetChannelsThenSetKernel() {
        assertThatThrownBy(() -> ConvBnAct.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setChannels");
        assertThatThrownBy(() -> ConvBnAct.builder().setChannels(8).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setKernel");
        assertThatThrownBy(() -> ConvBnAct.builder().setChannels(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("setChannels: must be >= 1, got 0");
        assertThatThrownBy(() -> ConvBnAct.builder().optStride(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optStride: must be >= 1, got 0");
    }

    @Test
    void fpnNamesSetInputs() {
        assertThatThrownBy(() -> Fpn.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setInputs");
        assertThatThrownBy(() -> Fpn.builder().setInputs(List.of(8, 16), List.of(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("setInputs: 2 channels but 1 strides");
    }

    @Test
    void detectorTrainerNamesSetSpec() {
        assertThatThrownBy(() -> DetectorTrainer.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setSpec");
        assertThatThrownBy(() -> DetectorTrainer.builder().optBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optBatchSize: must be >= 1, got 0");
        assertThatThrownBy(() -> DetectorTrainer.builder().optLearningRate(-1f, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optLearningRate: the rate must be > 0 and finite, got -1.0");
        assertThatThrownBy(() -> DetectorTrainer.builder().optLearningRate(0.01f, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optLearningRate: the warm-up");
        assertThatThrownBy(() -> TrainingLoop.builder().optSgd(1.5f, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optSgd: momentum");
        assertThatThrownBy(() -> TrainingLoop.builder().optSgd(0.9f, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optSgd: weight decay");
        assertThatThrownBy(() -> TrainingLoop.builder().optClipNorm(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optClipNorm: ");
    }

    @Test
    void detectionDatasetNamesSetData() {
        assertThatThrownBy(() -> DetectionDataset.builder().setSampling(1, false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setData");
    }

    @Test
    void chartNamesSetTitle() {
        assertThatThrownBy(() -> Chart.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("setTitle");
    }

    private static <T> T stub(Class<T> type) {
        // build() only checks presence: an interface that answers nothing is enough.
        return type.cast(Proxy.newProxyInstance(RequiredSettersTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        }));
    }
}
