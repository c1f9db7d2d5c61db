package org.nas4det.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void textAndBytesReplaceTheFileWholeAndLeaveNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.json");
        AtomicFiles.writeString(f, "{\"x\":1}");
        AtomicFiles.writeString(f, "{\"é\":2}");
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("{\"é\":2}");
        Path png = dir.resolve("b.png");
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, -1};
        AtomicFiles.writeBytes(png, bytes);
        assertThat(Files.readAllBytes(png)).containsExactly(bytes);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.json", "b.png");
        }
    }

    @Test
    void aFailedRenameNamesTheFileAndRemovesTheTemporaryOne(@TempDir Path dir) throws Exception {
        // The target is a folder that is not empty: the rename onto it fails.
        Path target = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFiles.writeBytes(target, new byte[] {1, 2, 3}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write " + target);
        assertThat(Files.exists(dir.resolve("busy.tmp"))).isFalse();
        assertThat(Files.readString(target.resolve("inside"))).isEqualTo("x");
    }

    @Test
    void aDataStreamIsWrittenWholeAndAFailureHalfWayKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.params");
        AtomicFiles.writeData(f, out -> {
            out.writeUTF("magic");
            out.writeInt(7);
            out.write(new byte[100_000]); // more than the stream's buffer
        });
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(f))) {
            assertThat(in.readUTF()).isEqualTo("magic");
            assertThat(in.readInt()).isEqualTo(7);
            assertThat(in.readAllBytes()).hasSize(100_000);
        }
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> AtomicFiles.writeData(f, out -> {
            out.write(new byte[50_000]);
            throw new java.io.IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write " + f).hasRootCauseMessage("disk full");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w.params");
        }
    }
}
