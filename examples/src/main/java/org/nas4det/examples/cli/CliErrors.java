package org.nas4det.examples.cli;

import com.google.gson.JsonParseException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.util.function.BooleanSupplier;
import org.nas4det.core.train.NonFiniteLossException;
import picocli.CommandLine;

/**
 * Maps exceptions to the command line's exit codes: bad input (an argument, a file, a record) is
 * 2 with one line on stderr; a training whose loss became NaN or infinite is 3 (the input was
 * fine, the settings did not train: the message names the iteration and what to try); anything
 * else is an internal error, 1. {@code --verbose} adds the stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

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
        boolean system = !bad && isSystemFailure(ex);
        cmd.getErr().println((bad ? "error: " : system ? "i/o error: " : "internal error: ") + message(ex)
                + (system ? SYSTEM_ADVICE : ""));
        printTrace(ex, cmd);
        return bad ? BAD_INPUT : INTERNAL;
    }

    /** What a user can do about a failing disk or file system, added to its one line. */
    static final String SYSTEM_ADVICE = " (the system failed, not nas4det: free space or fix the device; a search or"
            + " training continues from its last checkpoint with --resume)";

    /**
     * Whether an exception is the system's: an I/O error that is not about a path the user named
     * (those are bad input), such as a full disk. Exit code 1 still, but the line says what it is
     * instead of asking for a bug report.
     *
     * @param ex the exception
     * @return true for a failure of the disk or file system
     */
    static boolean isSystemFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return !(t instanceof FileSystemException) && !(t instanceof CharacterCodingException);
            }
        }
        return false;
    }

    private void printTrace(Exception ex, CommandLine cmd) {
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(cmd.getErr());
        }
    }

    /**
     * A usage error (unknown option, missing or invalid value): the error and where to find help,
     * two lines, instead of picocli's default of the error plus the whole usage text.
     */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String source = cmd.getDefaultValueProvider() instanceof ConfigOption.Defaults && ex.getArgSpec() != null
                ? ((ConfigOption.Defaults) cmd.getDefaultValueProvider()).source(ex.getArgSpec()) : null;
        cmd.getErr().println("error: " + (source != null ? "--config " + source + ": " : "") + namedAsGiven(message(ex), ex, args));
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(cmd.getErr());
        }
        return BAD_INPUT;
    }

    /**
     * picocli names an option by its longest name, which for a renamed option is its old alias
     * ({@code --budget-macs} for {@code --max-macs}): name it as the user gave it, else by its
     * current name.
     */
    private static String namedAsGiven(String m, CommandLine.ParameterException ex, String[] args) {
        if (!(ex.getArgSpec() instanceof CommandLine.Model.OptionSpec)) {
            return m;
        }
        CommandLine.Model.OptionSpec o = (CommandLine.Model.OptionSpec) ex.getArgSpec();
        String longest = o.longestName();
        if (!ConstraintOptions.OLD_NAMES.contains(longest)) {
            return m;
        }
        String name = AliasHelp.visible(o).names()[0];
        for (String a : args) {
            for (String n : o.names()) {
                if (a.equals(n) || a.startsWith(n + "=")) {
                    name = n;
                }
            }
        }
        return m.replace("'" + longest + "'", "'" + name + "'");
    }

    /**
     * Whether an exception is the user's: a bad argument or file. A file-system error on a path
     * the user named (missing, not a directory, no permission), text that is not UTF-8 and JSON
     * that does not parse are the user's too, however deep they are wrapped.
     *
     * @param ex the exception
     * @return true for bad input (exit 2), false for an internal error (exit 1)
     */
    static boolean isBadInput(Throwable ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException) {
            return true;
        }
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException || t instanceof CharacterCodingException || t instanceof JsonParseException) {
                return t == ex || ex instanceof UncheckedIOException || ex instanceof JsonParseException;
            }
        }
        return false;
    }

    /**
     * The one-line message of an exception; for a wrapper of an I/O error, with the cause's
     * message, which names the path.
     */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null) {
            m = ex.getClass().getSimpleName();
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            String cause = describe(ex.getCause());
            if (cause != null && !m.contains(cause)) {
                m = m + ": " + cause;
            }
        }
        return bounded(m.replace('\n', ' '));
    }

    /** The longest error line: a message quoting a huge argument or file fragment is cut. */
    static final int MAX_MESSAGE = 2_000;

    /** A message cut to {@link #MAX_MESSAGE} characters, its end kept (where the advice is). */
    static String bounded(String m) {
        if (m.length() <= MAX_MESSAGE) {
            return m;
        }
        int keep = MAX_MESSAGE / 2;
        return m.substring(0, keep) + " [... " + (m.length() - 2 * keep) + " characters left out ...] " + m.substring(m.length() - keep);
    }

    private static String describe(Throwable io) {
        if (io instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) io;
            String what = io.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT);
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : what);
        }
        return io.getMessage();
    }
}
