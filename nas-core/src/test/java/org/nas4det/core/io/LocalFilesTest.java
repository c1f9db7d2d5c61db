package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalFilesTest {

    @Test
    void plainPathsAndFileUrisAreLocalOtherSchemesAreNot() {
        assertThat(FileSource.isLocal("data/coco")).isTrue();
        assertThat(FileSource.isLocal("C:\\\\data\\\\coco")).isTrue(); // a drive letter is no scheme
        assertThat(FileSource.isLocal("file:/tmp/coco")).isTrue();
        assertThat(FileSource.isLocal("hdfs://nn:8020/coco")).isFalse();
        assertThat(FileSource.isLocal("s3a://bucket/coco")).isFalse();
    }

    @Test
    void aRelativeNameWithAColonThatExistsIsAPath() throws IOException {
        // Relative to the working directory, as a user types it: only then can it read as a URI.
        String name = "nascolon:" + java.util.UUID.randomUUID();
        Path folder = Path.of(name, "coco");
        Files.createDirectories(folder);
        try {
            String location = name + "/coco";
            assertThat(LocalFiles.scheme(location)).isNull();
            assertThat(FileSource.isLocal(location)).isTrue();
            assertThat(FileSource.local().folder(location, java.util.List.of())).isEqualTo(folder);
            assertThat(FileSource.absolute(location)).isEqualTo(folder.toAbsolutePath().toString());
        } finally {
            Files.delete(folder);
            Files.delete(Path.of(name));
        }
    }

    @Test
    void aUriStaysAUriWhenAFolderOfItsNameExistsHere() throws IOException {
        // Path.of folds "//" into "/": without the rule, these folders would shadow the URIs.
        String name = "hdfscolon" + java.util.UUID.randomUUID().toString().replace("-", "");
        Path folder = Path.of(name + ":", "nn:8020", "coco");
        Files.createDirectories(folder);
        try {
            assertThat(Files.exists(Path.of(name + "://nn:8020/coco"))).isTrue();
            assertThat(LocalFiles.scheme(name + "://nn:8020/coco")).isEqualTo(name);
            assertThat(FileSource.isLocal(name + "://nn:8020/coco")).isFalse();
            assertThat(FileSource.absolute(name + "://nn:8020/coco")).isEqualTo(name + "://nn:8020/coco");
        } finally {
            Files.delete(folder);
            Files.delete(folder.getParent());
            Files.delete(folder.getParent().getParent());
        }
    }

    @Test
    void aNameWithAColonThatDoesNotExistIsAUriAndIsRefusedWithItsScheme() {
        assertThat(LocalFiles.scheme("data:v9/missing")).isEqualTo("data");
        assertThatThrownBy(() -> FileSource.local().file("data:v9/missing"))
                .isInstanceOf(UnreachableLocationException.class)
                .hasMessageContaining("'data:'");
    }
}
