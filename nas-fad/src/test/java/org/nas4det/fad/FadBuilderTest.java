package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.SameFields;
import org.nas4det.core.SearchListener;

/** A built run keeps its settings whatever its builder does next; toBuilder gives them back. */
class FadBuilderTest {

    @Test
    void buildCopiesEveryFieldAndLaterChangesToTheBuilderDoNotReachTheRun() throws Exception {
        Fad.Builder b = Fad.cpu().optIterations(7).optSeed(5).optRunDirectory(Path.of("runs/x"))
                .addListener(SearchListener.progressBar());
        Fad run = b.build();
        // Every field of the copy equals the builder's (a field added later and left out of copy() fails here).
        SameFields.check(Fad.Builder.class, run.b, b);
        b.optIterations(99).optSeed(6).addListener(SearchListener.logging());
        b.backbone.addProperty("depth", 101);
        assertThat(run.b.iterations).isEqualTo(7);
        assertThat(run.b.seed).isEqualTo(5);
        assertThat(run.b.listeners).hasSize(1);
        assertThat(run.b.backbone.get("depth").getAsInt()).isEqualTo(18);
        // toBuilder: the run's settings, to change some of them, without touching the run.
        Fad other = run.toBuilder().optSeed(8).build();
        assertThat(other.b.seed).isEqualTo(8);
        assertThat(other.b.iterations).isEqualTo(7);
        assertThat(run.b.seed).isEqualTo(5);
    }

    @Test
    void withoutARunDirectoryARunGoesToANewTemporaryFolderAndResumingNeedsOne() throws Exception {
        assertThat(Fad.cpu().build().b.runDirectory).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fad.cpu().optResume(true).build())
                .hasMessageContaining("optResume").hasMessageContaining("optRunDirectory");
        Path a = org.nas4det.core.io.RunDirectory.temporary("fad-");
        Path b = org.nas4det.core.io.RunDirectory.temporary("fad-");
        assertThat(a).isDirectory().isNotEqualTo(b).isEmptyDirectory();
        java.nio.file.Files.delete(a);
        java.nio.file.Files.delete(b);
    }

    @Test
    @SuppressWarnings("deprecation")
    void dataTakesTheSharedSettersAndRefusesMixingThemWithAFolder(@TempDir Path tmp) {
        ShapesLayout l = SyntheticShapes.builder().imageSize(64).trainImages(4).valImages(2).holdoutImages(1).seed(0).build()
                .ensureDetection(tmp.resolve("shapes"));
        DetectionData val = CocoData.reader().read(l.annotations("val"), l.images("val"));
        Fad.Builder b = Fad.cpu().optDetectionData(l.annotations("train"), l.images("train")).optValData(val);
        assertThat(b.train.samples()).hasSize(4);
        assertThat(b.val).isSameAs(val);
        // the old two-set form is the same two setters
        Fad.Builder old = Fad.cpu().optData(b.train, val);
        assertThat(old.train).isSameAs(b.train);
        assertThat(old.val).isSameAs(val);

        assertThatThrownBy(() -> Fad.cpu().optDataDirectory(tmp).optDetectionData(val).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optDetectionData: ");
        assertThatThrownBy(() -> Fad.cpu().optDataDirectory(tmp).optValData(val).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optValData: ");
        assertThatThrownBy(() -> Fad.cpu().optValData(val).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optValData: ")
                .hasMessageContaining("optDetectionData");
        // null is the default, as in DetNAS and SP-NAS: a toBuilder() can go back to the shapes data
        assertThat(b.optValData(null).optDetectionData((DetectionData) null).build().b.train).isNull();
    }

    @Test
    void theFinalTrainingsRateIsCheckedBeforeTheSearch() {
        // Not when the final training starts, after the whole search (and then as DetectorTrainer's setter).
        assertThatThrownBy(() -> Fad.cpu().optFinalLearningRate(0f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optFinalLearningRate: must be > 0 and finite, got 0.0");
        assertThatThrownBy(() -> Fad.cpu().optFinalWarmup(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optFinalWarmup: ");
        assertThatThrownBy(() -> Fad.cpu().optFinalImageSize(9000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optFinalImageSize: must be 32..8192, got 9000");
        // each search number named by its own setter
        assertThatThrownBy(() -> Fad.cpu().optWarmup(-1).build()).hasMessage("optWarmup: must be >= 0, got -1");
        assertThatThrownBy(() -> Fad.cpu().optDropAt(-1).build()).hasMessage("optDropAt: must be >= 0, got -1");
        assertThatThrownBy(() -> Fad.cpu().optWeightDecay(Float.NaN).build()).hasMessage("optWeightDecay: must be >= 0 and finite, got NaN");
        assertThatThrownBy(() -> Fad.cpu().optAlphaWeightDecay(-1).build()).hasMessageStartingWith("optAlphaWeightDecay: ");
        assertThatThrownBy(() -> Fad.cpu().optClipNorm(-1).build()).hasMessageStartingWith("optClipNorm: ");
        assertThatThrownBy(() -> Fad.cpu().optAlphaLearningRate(Float.POSITIVE_INFINITY).build())
                .hasMessageStartingWith("optAlphaLearningRate: ");
        assertThat(Fad.cpu().optClipNorm(0).build()).isNotNull(); // 0: no clipping
    }
}
