package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.DetectionData;

class ShapesCommandTest {

    @Test
    void writesALoadableCocoSetAndAClassificationSet(@TempDir Path tmp) {
        CliRun r = CliRun.of("shapes", "--out", tmp.resolve("det").toString(), "--images", "8", "--size", "64", "--seed", "3");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).isEmpty();
        DetectionData d = CocoData.reader().read(tmp.resolve("det/annotations/instances_train.json"), tmp.resolve("det/train"));
        assertThat(d.samples()).hasSize(8);
        assertThat(tmp.resolve("det/annotations/instances_val.json")).exists();
        assertThat(tmp.resolve("det/annotations/instances_holdout.json")).exists();

        CliRun c = CliRun.of("shapes", "--out", tmp.resolve("cls").toString(), "--images", "2", "--size", "32", "--classification");
        assertThat(c.code).isZero();
        assertThat(tmp.resolve("cls/train/triangle")).isDirectory();
    }

    @Test
    void badCountsExitTwo(@TempDir Path tmp) {
        CliRun r = CliRun.of("shapes", "--out", tmp.toString(), "--images", "0");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--images");
    }
}
