package org.nas4det.detnas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nas4det.core.detect.FasterRcnnHead;
import org.nas4det.core.detect.GflHead;

class DetNasHeadOptionTest {

    @Test
    void theChosenHeadIsTheSupernetDetectorsHead() {
        DetNas gfl = DetNas.cpu().optHead("gfl").build();
        assertThat(gfl.head()).isEqualTo("gfl");
        assertThat(DetNasSupernet.of(DetNasSupernetTest.TINY).detector(gfl.head(), 3, 16, 1).head()).isInstanceOf(GflHead.class);
        DetNas frcnn = DetNas.cpu().optHead("faster_rcnn").build();
        assertThat(DetNasSupernet.of(DetNasSupernetTest.TINY).detector(frcnn.head(), 3, 16, 1).head())
                .isInstanceOf(FasterRcnnHead.class);
        assertThat(DetNas.cpu().build().head()).isEqualTo("fcos");
    }

    @Test
    void anUnknownHeadIsRefusedByName() {
        assertThatThrownBy(() -> DetNas.cpu().optHead("yolo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optHead: must be one of").hasMessageContaining("'yolo'");
    }
}
