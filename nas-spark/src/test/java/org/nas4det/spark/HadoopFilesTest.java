package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4det.core.io.UnreachableLocationException;

/** A worker copies a URI's file into its cache through Hadoop, once per version, whatever its tasks. */
class HadoopFilesTest {

    @TempDir Path tmp;
    private HadoopFiles files;

    static Configuration counting() {
        Configuration c = new Configuration();
        c.set("fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName());
        return c;
    }

    @BeforeEach
    void source() {
        files = new HadoopFiles(counting(), tmp.resolve("cache"));
        CountingFileSystem.OPENS.set(0);
    }

    @Test
    void aUriIsReadThroughHadoopOnceForManyConcurrentTasks() throws Exception {
        Path remote = Files.writeString(tmp.resolve("remote.json"), "{\"a\": 1}");
        String uri = CountingFileSystem.uri(remote);
        ExecutorService tasks = Executors.newFixedThreadPool(4);
        List<Future<Path>> copies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            copies.add(tasks.submit(() -> files.file(uri)));
        }
        tasks.shutdown();
        Path local = copies.get(0).get();
        for (Future<Path> f : copies) {
            assertThat(f.get()).isEqualTo(local);
        }
        assertThat(local).isNotEqualTo(remote).startsWith(tmp.resolve("cache")).hasContent("{\"a\": 1}");
        assertThat(CountingFileSystem.OPENS.get()).as("opened through Hadoop once").isEqualTo(1);
        // another source over the same cache (another process on the node) copies nothing either
        assertThat(new HadoopFiles(counting(), tmp.resolve("cache")).file(uri)).isEqualTo(local);
        assertThat(CountingFileSystem.OPENS.get()).isEqualTo(1);
        assertThat(Files.list(local.getParent())).as("no part file left").containsExactly(local);
    }

    @Test
    void aStagedCopyReplacesTheFileThereAndAFailedOneLeavesNoPartFile() throws Exception {
        Path stage = Files.createDirectories(tmp.resolve("stage"));
        Path local = Files.writeString(tmp.resolve("model.params"), "weights 2");
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(CountingFileSystem.uri(stage.resolve("model.params")));
        org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(counting());
        Files.writeString(stage.resolve("model.params"), "weights 1");
        HadoopStaging.copy(fs, local, target, ".model.params.part");
        assertThat(stage.resolve("model.params")).hasContent("weights 2");
        // a folder holding a file where the copy goes: the rename fails
        org.apache.hadoop.fs.Path blocked = new org.apache.hadoop.fs.Path(CountingFileSystem.uri(stage.resolve("blocked")));
        Files.createDirectories(stage.resolve("blocked")).resolve("inside").toFile().createNewFile();
        assertThatThrownBy(() -> HadoopStaging.copy(fs, local, blocked, ".blocked.part")).isInstanceOf(java.io.IOException.class);
        try (var left = Files.list(stage)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
                    .as("no part file left").containsExactlyInAnyOrder("model.params", "blocked");
        }
    }

    @Test
    void aChangedFileIsFetchedAgain() throws Exception {
        Path remote = Files.writeString(tmp.resolve("supernet.params"), "weights 1");
        String uri = CountingFileSystem.uri(remote);
        assertThat(files.file(uri)).hasContent("weights 1");
        Files.writeString(remote, "weights two");
        assertThat(files.file(uri)).hasContent("weights two");
        // the same length, a later modification time
        Files.writeString(remote, "weights 3!!");
        Files.setLastModifiedTime(remote, FileTime.fromMillis(Files.getLastModifiedTime(remote).toMillis() + 5_000));
        assertThat(files.file(uri)).hasContent("weights 3!!");
        assertThat(CountingFileSystem.OPENS.get()).isEqualTo(3);
    }

    @Test
    void aFolderCopiesOnlyTheMembersAsked() throws Exception {
        Files.createDirectories(tmp.resolve("images/sub"));
        for (String n : List.of("a.png", "b.png", "sub/c.png")) {
            Files.writeString(tmp.resolve("images").resolve(n), n);
        }
        Files.writeString(tmp.resolve("secret"), "outside");
        Path dir = files.folder(CountingFileSystem.uri(tmp.resolve("images")), List.of("sub/c.png", "a.png", "missing.png", "../secret"));
        assertThat(dir.resolve("sub/c.png")).hasContent("sub/c.png");
        assertThat(dir.resolve("a.png")).hasContent("a.png");
        assertThat(dir.resolve("b.png")).doesNotExist();
        assertThat(dir.resolveSibling("secret")).doesNotExist();
        assertThat(CountingFileSystem.OPENS.get()).isEqualTo(2);
    }

    @Test
    void aPublishedFileReplacesTheOldOneWholeAndAPutFileIsCopiedOncePerVersion() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("w.params"), "new weights");
        Files.writeString(out.resolve("w.json"), "{}");
        Path remote = Files.createDirectories(tmp.resolve("remote/model"));
        Files.writeString(remote.resolve("w.params"), "old");
        files.publish(out, List.of("w.params", "w.json"), CountingFileSystem.uri(remote));
        try (var names = Files.list(remote)) {
            assertThat(names.map(p -> p.getFileName().toString())).as("no part file left").containsExactlyInAnyOrder("w.params", "w.json");
        }
        assertThat(files.folder(CountingFileSystem.uri(remote), List.of("w.params")).resolve("w.params")).hasContent("new weights");

        HadoopStaging staging = new HadoopStaging(counting(), CountingFileSystem.uri(tmp.resolve("stage")));
        String mirror = staging.mirror(tmp.resolve("run").toString());
        assertThat(mirror).isEqualTo(new HadoopStaging(counting(), CountingFileSystem.uri(tmp.resolve("stage")))
                .mirror(tmp.resolve("other/../run").toString())).doesNotContain(tmp.resolve("run").toString());
        staging.put(out.resolve("w.params"), mirror + "/w.params");
        Path staged = Path.of(java.net.URI.create(mirror).getPath()).resolve("w.params");
        assertThat(staged).hasContent("new weights");
        assertThat(Files.getLastModifiedTime(staged).toMillis()).isEqualTo(Files.getLastModifiedTime(out.resolve("w.params")).toMillis());
        // same length and time: taken for the same version, not copied again (also by a resumed driver)
        FileTime time = Files.getLastModifiedTime(staged);
        Files.writeString(staged, "NEW WEIGHTS");
        Files.setLastModifiedTime(staged, time);
        staging.put(out.resolve("w.params"), mirror + "/w.params");
        new HadoopStaging(counting(), CountingFileSystem.uri(tmp.resolve("stage"))).put(out.resolve("w.params"), mirror + "/w.params");
        assertThat(staged).hasContent("NEW WEIGHTS");
        // a rewritten local file is copied
        Files.setLastModifiedTime(out.resolve("w.params"), FileTime.fromMillis(time.toMillis() + 5000));
        staging.put(out.resolve("w.params"), mirror + "/w.params");
        assertThat(staged).hasContent("new weights");
    }

    @Test
    void plainPathsAreReadWhereTheyAre() throws Exception {
        Path f = Files.writeString(tmp.resolve("x.json"), "{}");
        assertThat(files.file(f.toString())).isEqualTo(f);
        assertThat(files.file(f.toUri().toString())).isEqualTo(f);
        assertThat(CountingFileSystem.OPENS.get()).isZero();
    }

    @Test
    void unknownSchemesMissingFilesAndBadUrisAreNamed() {
        assertThatThrownBy(() -> files.file("nosuch://host/data/x.json")).isInstanceOf(UnreachableLocationException.class)
                .hasMessageContaining("nosuch://host/data/x.json").hasMessageContaining("no Hadoop file system for the scheme 'nosuch:'");
        assertThatThrownBy(() -> files.file("s3a://bucket/x.json")).isInstanceOf(UnreachableLocationException.class)
                .hasMessageContaining("hadoop-aws:3.3.4");
        String missing = CountingFileSystem.uri(tmp.resolve("nothing.json"));
        assertThatThrownBy(() -> files.file(missing)).isInstanceOf(UnreachableLocationException.class)
                .hasMessage("cannot read " + missing + ": no such file");
        assertThatThrownBy(() -> files.file("counting://[bad")).isInstanceOf(UnreachableLocationException.class)
                .hasMessageContaining("counting://[bad");
    }

    @Test
    void aStagingUriNoFileSystemServesIsRefusedWhenTheExecutorIsBuilt() {
        assertThatThrownBy(() -> SparkExecutor.builder().optMaster("local[1]").optStaging("nosuchfs://nn/stage").build())
                .isInstanceOf(UnreachableLocationException.class).hasMessageContaining("nosuchfs://nn/stage")
                .hasMessageContaining("scheme 'nosuchfs:'");
        assertThatThrownBy(() -> SparkExecutor.builder().optMaster("local[1]").optStaging("hdfs:").build())
                .isInstanceOf(UnreachableLocationException.class).hasMessageContaining("not a valid URI");
        // A scheme registered through Spark's settings, a known one, and a plain path are accepted.
        SparkExecutor.builder().optMaster("local[1]").addConf("spark.hadoop.fs." + CountingFileSystem.SCHEME + ".impl",
                CountingFileSystem.class.getName()).optStaging(CountingFileSystem.SCHEME + ":" + tmp.resolve("stage")).build();
        SparkExecutor.builder().optMaster("local[1]").optStaging("hdfs://nn/stage").build();
        SparkExecutor.builder().optMaster("local[1]").optStaging(tmp.resolve("stage").toString()).build();
    }
}
