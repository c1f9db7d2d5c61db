package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Which failures are the user's (exit 2) and which are internal (exit 1), and their one line. */
class CliErrorsTest {

    @Test
    void pathAndEncodingProblemsAreBadInputHoweverWrapped() {
        assertThat(CliErrors.isBadInput(new IllegalArgumentException("x"))).isTrue();
        assertThat(CliErrors.isBadInput(new NoSuchFileException("a.json"))).isTrue();
        assertThat(CliErrors.isBadInput(new UncheckedIOException("cannot write out", new AccessDeniedException("out")))).isTrue();
        assertThat(CliErrors.isBadInput(new UncheckedIOException("cannot create run", new FileAlreadyExistsException("run")))).isTrue();
        assertThat(CliErrors.isBadInput(new UncheckedIOException("cannot read a", new MalformedInputException(1)))).isTrue();
        assertThat(CliErrors.isBadInput(new JsonSyntaxException("bad"))).isTrue();
    }

    @Test
    void everythingElseIsInternal() {
        assertThat(CliErrors.isBadInput(new IllegalStateException("bug"))).isFalse();
        assertThat(CliErrors.isBadInput(new UncheckedIOException("disk", new IOException("No space left on device")))).isFalse();
        assertThat(CliErrors.isBadInput(new IllegalStateException("wrapped", new AccessDeniedException("x")))).isFalse();
    }

    @Test
    void aWrappedFileErrorNamesItsPathOnOneLine() {
        String m = CliErrors.message(new UncheckedIOException("cannot write out/model", new AccessDeniedException("out/model")));
        assertThat(m).isEqualTo("cannot write out/model: out/model: access denied");
        assertThat(CliErrors.message(new IllegalArgumentException("two\nlines"))).isEqualTo("two lines");
    }

    @Test
    void aHugeMessageIsCutInTheMiddleKeepingItsStartAndAdvice() {
        String huge = "--arch: " + "[".repeat(200_000) + " is nested too deep; give a flat list";
        String m = CliErrors.message(new IllegalArgumentException(huge));
        assertThat(m.length()).isLessThan(CliErrors.MAX_MESSAGE + 100);
        assertThat(m).startsWith("--arch: [[[").endsWith("is nested too deep; give a flat list").contains("characters left out");
        assertThat(CliErrors.message(new IllegalArgumentException("short"))).isEqualTo("short");
    }
}
