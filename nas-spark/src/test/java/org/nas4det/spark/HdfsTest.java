package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobalStorageStatistics;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.data.BadRecordPolicy;
import org.nas4det.core.data.CocoData;
import org.nas4det.core.data.CocoOrigin;
import org.nas4det.core.data.DataOrigin;
import org.nas4det.core.data.DetectionData;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import org.nas4det.core.exec.RemoteEvaluation;
import org.nas4det.core.search.SigkillHarness;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasResult;
import org.nas4det.spnas.TrainSettings;

/**
 * The worker cache, the driver's staging and an SP-NAS run on Spark against a real HDFS: a
 * MiniDFSCluster (one name node, one data node) for the class, reached as {@code hdfs://localhost:<port>}.
 */
class HdfsTest {

    @TempDir static Path tmp;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MiniDFSCluster.Builder(new Configuration(), tmp.resolve("dfs").toFile()).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = hdfs.getUri().toString();
    }

    @AfterAll
    static void stop() {
        cluster.shutdown(true);
    }

    /** @return how often this process's HDFS clients did an operation ({@code op_open}, {@code op_create}) so far */
    private static long ops(String op) {
        return GlobalStorageStatistics.INSTANCE.get("DFSOpsCountStatistics").getLong(op);
    }

    private static String write(String path, String content) throws Exception {
        try (FSDataOutputStream out = hdfs.create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return root + path;
    }

    private static String upload(Path local, String path) throws Exception {
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(path));
        return root + path;
    }

    @Test
    void aWorkerCopiesAnHdfsFileAndACocoSubsetOnceAndAgainWhenTheFileIsRewritten() throws Exception {
        String weights = write("/cache/supernet.params", "weights 1");
        HadoopFiles files = new HadoopFiles(new Configuration(), tmp.resolve("cache"));
        long opens = ops("op_open");
        Path local = files.file(weights);
        assertThat(local).startsWith(tmp.resolve("cache")).hasContent("weights 1");
        // the same version is not copied again, by this process or another one sharing the cache
        FileTime time = Files.getLastModifiedTime(local);
        Files.writeString(local, "WEIGHTS 1");
        Files.setLastModifiedTime(local, time);
        assertThat(files.file(weights)).isEqualTo(local).hasContent("WEIGHTS 1");
        assertThat(new HadoopFiles(new Configuration(), tmp.resolve("cache")).file(weights)).hasContent("WEIGHTS 1");
        assertThat(ops("op_open") - opens).isEqualTo(1);
        write("/cache/supernet.params", "weights two");
        assertThat(files.file(weights)).isEqualTo(local).hasContent("weights two");
        assertThat(ops("op_open") - opens).isEqualTo(2);

        Path coco = TinyDetectionFiles.coco(tmp.resolve("coco"));
        upload(coco, "/cache/coco");
        CocoOrigin remote = new CocoOrigin(root + "/cache/coco/annotations.json", root + "/cache/coco/images", BadRecordPolicy.FAIL,
                true, List.of(1L, 3L));
        DetectionData driver = CocoData.reader().read(coco.resolve("annotations.json"), coco.resolve("images")).subset(Set.of(1L, 3L));
        opens = ops("op_open");
        assertThat(TinyDetectionFiles.samples(remote.read(files))).hasSize(2).isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(ops("op_open") - opens).as("the instances file and two of three images").isEqualTo(3);
        remote.read(files);
        assertThat(ops("op_open") - opens).as("a second build copies nothing").isEqualTo(3);
    }

    @Test
    void theDriverStagesLocalFilesOntoHdfsOncePerVersion() throws Exception {
        Path weights = Files.writeString(tmp.resolve("stage-me.params"), "weights 1");
        String stage = root + "/stage-once";
        long creates = ops("op_create");
        String staged = new HadoopStaging(new Configuration(), stage).file(weights.toString());
        assertThat(staged).startsWith(stage + "/").endsWith("/stage-me.params");
        assertThat(new HadoopFiles(new Configuration(), tmp.resolve("staged-cache")).file(staged)).hasContent("weights 1");
        // a resumed driver finds it staged; a rewritten file is staged anew
        assertThat(new HadoopStaging(new Configuration(), stage).file(weights.toString())).isEqualTo(staged);
        assertThat(ops("op_create") - creates).isEqualTo(1);
        Files.writeString(weights, "weights two");
        String again = new HadoopStaging(new Configuration(), stage).file(weights.toString());
        assertThat(again).isNotEqualTo(staged);
        assertThat(new HadoopFiles(new Configuration(), tmp.resolve("staged-cache")).file(again)).hasContent("weights two");
        // a file put at a given location (SP-NAS's parent models) keeps its time on HDFS: a new driver copies nothing
        String model = new HadoopStaging(new Configuration(), stage).mirror(tmp.resolve("run").toString()) + "/models/a/model/w.params";
        creates = ops("op_create");
        new HadoopStaging(new Configuration(), stage).put(weights, model);
        new HadoopStaging(new Configuration(), stage).put(weights, model);
        assertThat(ops("op_create") - creates).isEqualTo(1);
        assertThat(hdfs.getFileStatus(new org.apache.hadoop.fs.Path(model)).getModificationTime())
                .isEqualTo(Files.getLastModifiedTime(weights).toMillis());

        // a COCO subset: its instances file, its image and the folder's marker
        Path coco = TinyDetectionFiles.coco(tmp.resolve("coco-to-stage"));
        DetectionData driver = CocoData.reader().read(coco.resolve("annotations.json"), coco.resolve("images")).subset(Set.of(2L));
        DataOrigin origin = driver.origin().orElseThrow().staged(new HadoopStaging(new Configuration(), stage));
        assertThat(TinyDetectionFiles.samples(origin.read(new HadoopFiles(new Configuration(), tmp.resolve("staged-cache")))))
                .isEqualTo(TinyDetectionFiles.samples(driver));
        assertThat(files(stage)).hasSize(2 + 1 + 3);
        assertThat(driver.origin().orElseThrow().staged(new HadoopStaging(new Configuration(), stage))).isEqualTo(origin);
        assertThat(files(stage)).hasSize(2 + 1 + 3);
    }

    private static List<String> files(String folder) throws Exception {
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = hdfs.listFiles(new org.apache.hadoop.fs.Path(folder), true);
        while (it.hasNext()) {
            out.add(it.next().getPath().toString());
        }
        return out;
    }

    @Test
    void anSpNasRunOnSparkWithItsDataAndModelsOnHdfsEndsAsInProcess() throws Exception {
        ShapesLayout shapes = SyntheticShapes.builder().imageSize(64).trainImages(8).valImages(1).holdoutImages(1).seed(3).build()
                .writeDetection(tmp.resolve("spnas-data"));
        String data = upload(shapes.root(), "/spnas/data");
        String annotations = data + "/" + slashes(shapes.root().relativize(shapes.annotations("train")));
        String images = data + "/" + slashes(shapes.root().relativize(shapes.images("train")));
        Path inProcess = tmp.resolve("spnas-in-process");
        Path onSpark = tmp.resolve("spnas-spark");
        SpNasResult local = smaller(inProcess).optDetectionData(shapes.annotations("train"), shapes.images("train"))
                .optHoldoutFraction(0.25).build().run();
        String stage = root + "/spnas/stage";
        SpNasResult remote;
        try (SparkExecutor spark = SparkExecutor.builder().optMaster("local[2]").optStaging(stage)
                .addConf(SparkExecutor.CACHE_DIRECTORY, tmp.resolve("spark-cache").toString()).build()) {
            // the driver reads the data as the CLI does for --data hdfs://...: through the workers' file source
            DetectionData remoteData = new CocoOrigin(annotations, images, BadRecordPolicy.FAIL, true, null).read(spark.files());
            remote = smaller(onSpark).optDetectionData(remoteData).optHoldoutFraction(0.25)
                    .optExecutor(new SpNasOverStaging(spark, stage, onSpark, 0)).build().run();
        } finally {
            RemoteEvaluation.clear();
        }
        SigkillHarness.assertSameLog(onSpark.resolve(SpNas.SERIAL), inProcess.resolve(SpNas.SERIAL));
        SigkillHarness.assertSameLog(onSpark.resolve(SpNas.PARALLEL), inProcess.resolve(SpNas.PARALLEL));
        assertThat(remote.best()).isEqualTo(local.best());
        // the same files, and every candidate's weights bit for bit: trained on the HDFS data, inheriting through HDFS
        List<Path> written = runFiles(inProcess);
        assertThat(runFiles(onSpark)).isEqualTo(written);
        assertThat(written).filteredOn(f -> f.endsWith("detector.params")).hasSize(3 + 1 + 1) // serial, parallel, final
                .allSatisfy(f ->
                assertThat(onSpark.resolve(f)).hasSameBinaryContentAs(inProcess.resolve(f)));
        // every candidate's model went through HDFS: published by a worker, collected by the driver
        List<String> staged = files("/spnas/stage/runs");
        assertThat(staged).filteredOn(n -> n.matches(".*/serial/models/[^/]+/model/detector.json")).hasSize(3);
        assertThat(staged).filteredOn(n -> n.matches(".*/parallel/models/[^/]+/model/detector.json")).hasSize(1);
        assertThat(staged).noneMatch(n -> n.contains(".part"));
    }

    private static List<Path> runFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    /** The tiny run with fewer candidates and no reignition: a generation each, half the time. */
    private static SpNas.Builder smaller(Path dir) {
        return SpNasOverStaging.tiny(dir).optSerialSamples(2).optMaxReignitions(0).optParallelSamples(1)
                .optFinalTraining(new TrainSettings(1, 2, 0.01f, 0));
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
