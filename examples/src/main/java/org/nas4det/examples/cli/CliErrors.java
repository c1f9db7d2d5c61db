package org.nas4det.examples.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/**
 * Maps exceptions to the command line's exit codes: bad input (an argument, a file, a record) is
 * 2 with one line on stderr; anything else is an internal error, 1. {@code --verbose} adds the
 * stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int INTERNAL = 1;

    private final BooleanSupplier verbose;

    CliErrors(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(
            Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean bad = isBadInput(ex);
        cmd.getErr().println((bad ? "error: " : "internal error: ") + message(ex));
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(cmd.getErr());
        }
        return bad ? BAD_INPUT : INTERNAL;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException
                || ex instanceof NoSuchFileException
                || (ex instanceof UncheckedIOException && ex.getCause() instanceof NoSuchFileException)
                || ex instanceof CommandLine.ParameterException;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
