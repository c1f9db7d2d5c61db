package org.nas4det.core.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Constraints;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.Fpn;
import org.nas4det.core.report.chart.Chart;
import org.nas4det.core.train.DetectorTrainer;
import org.nas4det.core.train.TrainingLoop;

/** A null argument to a core builder's setter fails in that setter, naming it (CONTRIBUTING: messages name the setter). */
class BuilderNullArgumentsTest {

    @Test
    void trainingLoop() {
        check(TrainingLoop.Builder.class, TrainingLoop::builder, Set.of(
                "optParameterSelector(IntFunction)", // null: every trainable parameter (the default)
                "optBeforeStep(IntConsumer)",        // null: no hook (the default)
                "optRunDirectory(Path)",             // null: no checkpoints (the default)
                "optEvaluation(int, IntFunction)")); // null: no evaluation (the default)
    }

    @Test
    void detectorTrainer() {
        check(DetectorTrainer.Builder.class, DetectorTrainer::builder, Set.of(
                "optInitialWeights(Path)",             // null: random weights (the default)
                "optValData(DetectionData)",           // null: no validation (the default)
                "optSchedule(LearningRateSchedule)",   // null: the default cosine schedule
                "optRunDirectory(Path)"));             // null: nothing written (the default)
    }

    @Test
    void detectionDataset() {
        check(DetectionDataset.Builder.class, DetectionDataset::builder, Set.of());
    }

    @Test
    void convBnAct() {
        check(ConvBnAct.Builder.class, ConvBnAct::builder, Set.of(
                "optActivation(Kind)")); // null: no activation
    }

    @Test
    void fpn() {
        check(Fpn.Builder.class, Fpn::builder, Set.of());
    }

    @Test
    void chart() {
        check(Chart.Builder.class, Chart::builder, Set.of());
    }

    @Test
    void constraints() {
        check(Constraints.Builder.class, Constraints::builder, Set.of());
    }

    @Test
    void searchProblem() {
        // The builder only keeps the space; a proxy that answers nothing is enough.
        @SuppressWarnings("unchecked")
        SearchSpace<org.nas4det.core.Architecture> space = (SearchSpace<org.nas4det.core.Architecture>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SearchSpace.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        check(SearchProblem.Builder.class, () -> SearchProblem.builder(space, a -> null), Set.of(
                "optRunDirectory(Path)")); // null: nothing written (the default)
    }

    @Test
    void detectorAndDataReaders() {
        // The builder only keeps the backbone; a proxy that answers nothing is enough.
        org.nas4det.core.nn.Backbone backbone = (org.nas4det.core.nn.Backbone) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.nas4det.core.nn.Backbone.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        check(org.nas4det.core.detect.Detector.Builder.class, () -> org.nas4det.core.detect.Detector.fcos(backbone, 5), Set.of(
                "optTowers(HeadTowers)")); // null: the head's own towers (the default)
        check(org.nas4det.core.data.CocoData.class, org.nas4det.core.data.CocoData::reader, Set.of());
        check(org.nas4det.core.data.VocData.class, org.nas4det.core.data.VocData::reader, Set.of());
    }

    @Test
    void theCheckFindsASetterThatTakesNullSilently() {
        // The rule itself can fail: a null-accepting setter not on the allow-list is reported.
        assertThat(NullArguments.problems(TrainingLoop.Builder.class, TrainingLoop::builder, Set.of()))
                .anySatisfy(p -> assertThat(p).startsWith("optRunDirectory(Path) took null"));
    }

    private static void check(Class<?> builderClass, Supplier<?> fresh, Set<String> acceptsNull) {
        NullArguments.assertFollowed(builderClass, fresh, acceptsNull);
    }
}
