package org.nas4det.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which failures are the user's (exit 2) and which are internal (exit 1), and their one line. */
class CliErrorsTest {

    @CommandLine.Command(name = "empty")
    static final class Empty { }

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
    void aFullDiskIsTheSystemsNotABug() {
        UncheckedIOException full = new UncheckedIOException("cannot write runs/x/search.jsonl", new IOException("No space left on device"));
        assertThat(CliErrors.isSystemFailure(full)).isTrue();
        assertThat(CliErrors.message(full)).isEqualTo("cannot write runs/x/search.jsonl: No space left on device");
        // A path the user named is bad input, and a bug is a bug.
        assertThat(CliErrors.isSystemFailure(new UncheckedIOException("x", new AccessDeniedException("out")))).isFalse();
        assertThat(CliErrors.isSystemFailure(new IllegalStateException("bug"))).isFalse();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Empty()).setErr(new PrintWriter(err));
        int code = new CliErrors(() -> false).handleExecutionException(full, cmd, null);
        assertThat(code).isEqualTo(CliErrors.INTERNAL);
        assertThat(err.toString()).startsWith("i/o error: cannot write runs/x/search.jsonl: No space left on device (the system failed")
                .contains("--resume").doesNotContain("internal error");
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
