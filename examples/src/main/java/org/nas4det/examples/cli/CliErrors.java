package org.nas4det.examples.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import org.nas4det.core.train.NonFiniteLossException;
import picocli.CommandLine;

/**
 * Maps exceptions to the command line's exit codes: bad input (an argument, a file, a record) is
 * 2 with one line on stderr; a training whose loss became NaN or infinite is 3 (the input was
 * fine, the settings did not train: the message names the iteration and what to try); anything
 * else is an internal error, 1. {@code --verbose} adds the stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int INTERNAL = 1;
    static final int TRAINING_FAILED = 3;

    private final BooleanSupplier verbose;

    CliErrors(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(
            Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof NonFiniteLossException) {
            cmd.getErr().println("training failed: " + message(ex));
            printTrace(ex, cmd);
            return TRAINING_FAILED;
        }
        boolean bad = isBadInput(ex);
        cmd.getErr().println((bad ? "error: " : "internal error: ") + message(ex));
        printTrace(ex, cmd);
        return bad ? BAD_INPUT : INTERNAL;
    }

    private void printTrace(Exception ex, CommandLine cmd) {
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(cmd.getErr());
        }
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
