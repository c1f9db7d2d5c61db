package org.nas4det.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.util.List;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.nn.resnet.ResNets;

/** "head": "gfl" and "faster_rcnn" in DetectorSpec, and the by-name builder. */
class NewHeadsSpecTest {

    private static DetectorSpec spec(String json) {
        return DetectorSpec.of(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void fasterRcnnWithAResNetHasAnFpnFromC2AndTheSpecsSizes() {
        Detector d = spec("{\"head\": \"faster_rcnn\", \"backbone\": {\"type\": \"resnet\", \"depth\": 18, \"stem_width\": 8},"
                + " \"channels\": 32, \"fc_width\": 128, \"rois_per_image\": 64}").build(3);
        assertThat(d.neck().strides()).containsExactly(4, 8, 16, 32);
        FasterRcnnHead h = (FasterRcnnHead) d.head();
        assertThat(h.numClasses()).isEqualTo(3);
        assertThat(h.settings().fcWidth).isEqualTo(128);
        assertThat(h.settings().roisPerImage).isEqualTo(64);
        assertThat(h.settings().preNmsTrain).isEqualTo(2000);
        assertThat(h.settings().nmsIou).isEqualTo(0.5f);
    }

    @Test
    void gflAndGflV2() {
        Detector v1 = spec("{\"head\": \"gfl\", \"backbone\": {\"type\": \"resnet\", \"stem_width\": 8}, \"channels\": 32}").build(2);
        assertThat(v1.head()).isInstanceOf(GflHead.class);
        assertThat(((GflHead) v1.head()).isV2()).isFalse();
        assertThat(v1.neck().strides()).containsExactly(8, 16, 32, 64, 128);
        Detector v2 = spec("{\"head\": \"gfl\", \"gfl_v2\": true, \"backbone\": {\"type\": \"resnet\", \"stem_width\": 8},"
                + " \"channels\": 32}").build(2);
        assertThat(((GflHead) v2.head()).isV2()).isTrue();
    }

    @Test
    void unknownHeadsAreNamedWithTheChoices() {
        assertThatThrownBy(() -> spec("{\"head\": \"yolo\", \"backbone\": {\"type\": \"resnet\"}}"))
                .hasMessageContaining("yolo").hasMessageContaining("faster_rcnn").hasMessageContaining("gfl");
        assertThatThrownBy(() -> Detector.builder("mask_rcnn", ResNets.body(18, 3, 4, 5), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask_rcnn");
        assertThat(DetectorSpec.HEADS).containsAll(List.of("fcos", "retinanet", "gfl", "faster_rcnn"));
    }

    @Test
    void costsAreCountedForBothNewHeads() {
        Detector frcnn = Detector.fasterRcnn(ResNets.body(18, 2, 3, 4, 5), 4).optChannels(32)
                .optFasterRcnn(FasterRcnnSettings.builder().optFcWidth(64).build()).build();
        Cost c = CostModel.count(frcnn, new Shape(1, 3, 64, 64));
        // the box head alone: 32·7·7·64 + 64·64 + 64·5 + 64·20 weights plus biases
        long boxHead = 32 * 49 * 64 + 64 + 64 * 64 + 64 + 64 * 5 + 5 + 64 * 20 + 20;
        assertThat(c.params()).isGreaterThan(11_000_000L + boxHead);
        Detector gfl = Detector.gfl(ResNets.body(18, 3, 4, 5), 4).optChannels(32).optTowerDepth(1).optGflV2(true).build();
        assertThat(CostModel.count(gfl, new Shape(1, 3, 64, 64)).params()).isGreaterThan(11_000_000L);
    }
}
