package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.CocoOrigin;
import org.nas4det.core.data.DataOrigin;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.VocData;
import org.nas4det.core.data.VocOrigin;

/**
 * COCO and VOC subsets read by a worker from URIs (through Hadoop) hold the driver's samples, and
 * the worker copies only the subset's files; the driver stages local data once per version.
 */
class OriginsOverHadoopTest {

    @TempDir Path tmp;
    private HadoopFiles worker;

    @BeforeEach
    void source() {
        worker = new HadoopFiles(HadoopFilesTest.counting(), tmp.resolve("cache"));
        CountingFileSystem.OPENS.set(0);
    }

    @Test
    void aCocoSubsetIsReadFromAUriWithItsImagesOnly() throws Exception {
        Path root = TinyDetectionFiles.coco(tmp.resolve("coco"));
        DetectionData driver = CocoData.reader().read(root.resolve("annotations.json"), root.resolve("images")).subset(Set.of(3L, 1L));
        CocoOrigin remote = new CocoOrigin(CountingFileSystem.uri(root.resolve("annotations.json")),
                CountingFileSystem.uri(root.resolve("images")), BadRecordPolicy.FAIL, true, List.of(1L, 3L));
        DetectionData read = remote.read(worker);
        assertThat(TinyDetectionFiles.samples(read)).hasSize(2).isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(read.origin()).contains(remote);
        assertThat(read.samples().get(0).file()).startsWith(tmp.resolve("cache"));
        assertThat(CountingFileSystem.OPENS.get()).as("the instances file and two of three images").isEqualTo(3);
        remote.read(worker);
        assertThat(CountingFileSystem.OPENS.get()).as("a second build copies nothing").isEqualTo(3);
    }

    @Test
    void aVocSubsetIsReadFromAUriWithItsFilesOnly() throws Exception {
        Path root = TinyDetectionFiles.voc(tmp.resolve("voc"));
        DetectionData driver = VocData.reader().read(root, "trainval").subset(Set.of(2L));
        DataOrigin shipped = driver.origin().orElseThrow();
        assertThat(shipped).isEqualTo(new VocOrigin(root.toString(), "trainval", BadRecordPolicy.FAIL, true, List.of(2L)));
        VocOrigin remote = new VocOrigin(CountingFileSystem.uri(root), "trainval", BadRecordPolicy.FAIL, true, List.of(2L));
        DetectionData read = remote.read(worker);
        assertThat(TinyDetectionFiles.samples(read)).hasSize(1).isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(TinyDetectionFiles.samples(shipped.read())).isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(CountingFileSystem.OPENS.get()).as("the split file, one annotation, one image").isEqualTo(3);
    }

    @Test
    void localDataIsStagedOncePerVersionAndReadBackTheSame() throws Exception {
        Path root = TinyDetectionFiles.coco(tmp.resolve("coco"));
        DetectionData driver = CocoData.reader().read(root.resolve("annotations.json"), root.resolve("images")).subset(Set.of(2L));
        Path stage = tmp.resolve("stage");
        HadoopStaging staging = new HadoopStaging(HadoopFilesTest.counting(), CountingFileSystem.uri(stage));
        DataOrigin staged = driver.origin().orElseThrow().staged(staging);
        assertThat(((CocoOrigin) staged).annotations()).startsWith("counting:/").contains(stage.toString());
        assertThat(TinyDetectionFiles.samples(staged.read(worker))).isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(files(stage)).as("the instances file, the subset's image and the folder's marker").hasSize(3);
        // a new driver (a resumed run) finds them staged; a rewritten instances file is staged anew
        HadoopStaging again = new HadoopStaging(HadoopFilesTest.counting(), CountingFileSystem.uri(stage));
        assertThat(driver.origin().orElseThrow().staged(again)).isEqualTo(staged);
        assertThat(files(stage)).hasSize(3);
        Files.writeString(root.resolve("annotations.json"), Files.readString(root.resolve("annotations.json")) + " ");
        assertThat(driver.origin().orElseThrow().staged(again)).isNotEqualTo(staged);
        assertThat(files(stage)).hasSize(4);
    }

    @Test
    void anUnchangedInstancesFileIsNotParsedAgainByTheSameDriver() throws Exception {
        Path root = TinyDetectionFiles.coco(tmp.resolve("coco"));
        Path json = root.resolve("annotations.json");
        DataOrigin origin = CocoData.reader().read(json, root.resolve("images")).subset(Set.of(2L)).origin().orElseThrow();
        HadoopStaging staging = new HadoopStaging(HadoopFilesTest.counting(), CountingFileSystem.uri(tmp.resolve("stage")));
        DataOrigin staged = origin.staged(staging);
        // same length and time but no longer JSON: only a parse would notice
        FileTime time = Files.getLastModifiedTime(json);
        Files.writeString(json, "x".repeat((int) Files.size(json)));
        Files.setLastModifiedTime(json, time);
        assertThat(origin.staged(staging)).as("the next generation's staging reads only the file's version").isEqualTo(staged);
        Files.setLastModifiedTime(json, FileTime.fromMillis(time.toMillis() + 2000));
        assertThatThrownBy(() -> origin.staged(staging)).as("a rewritten instances file is parsed again");
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> w = Files.walk(dir)) {
            return w.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).toList();
        }
    }
}
