package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAMissingFileExceptionNamingIt() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> TextFiles.readUtf8(missing))
                .isInstanceOf(MissingFileException.class)
                .isInstanceOf(MalformedFileException.class) // old catch sites (the CLI's exit 2) still match
                .hasMessage(missing + ": file does not exist")
                .hasCauseInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertThat(((MissingFileException) e).file()).isEqualTo(missing));
    }

    @Test
    void aMissingJsonFileIsAMissingFileExceptionToo() {
        Path missing = dir.resolve("settings.json");
        assertThatThrownBy(() -> JsonFiles.parse(missing)).isInstanceOf(MissingFileException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aDirectoryIsMalformedButNotMissing() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> TextFiles.readUtf8(sub))
                .isInstanceOf(MalformedFileException.class).isNotInstanceOf(MissingFileException.class)
                .hasMessageContaining("is a directory");
    }
}
