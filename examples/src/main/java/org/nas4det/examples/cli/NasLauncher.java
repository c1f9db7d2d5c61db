package org.nas4det.examples.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nas4det.core.EngineSettings;
import org.nas4det.detnas.DetNas;
import org.nas4det.fad.Fad;
import org.nas4det.maedet.MaeDet;
import org.nas4det.spnas.SpNas;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code nas} command line: {@code java -jar examples/target/nas.jar <command> [options]}.
 * Exit codes: 0 success, 2 bad usage or bad input (one line on stderr), 3 training diverged (a loss
 * became NaN or infinite), 1 internal error.
 */
@Command(
        name = "nas",
        mixinStandardHelpOptions = true,
        version = "nas4det 0.1.0",
        description = "Neural architecture search for object detection (nas4det).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal error (a bug: please report it with --verbose), or the system failed (an i/o error such as a full disk: the line says so)",
            "2:bad usage or bad input (one line on stderr names the option, file or record)",
            "3:training diverged: a loss became NaN or infinite (the message names the detector, the iteration and"
                    + " what to try, e.g. a lower --lr)"
        },
        subcommands = {
            ProfileCommand.class,
            EvalCocoCommand.class,
            ShapesCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ScoreCommand.class,
            SearchCommand.class,
            QuickstartCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class NasLauncher implements Callable<Integer> {

    @Option(
            names = "--threads",
            converter = OptionValues.Positive.class,
            description = "intra-op threads of the PyTorch engine, >= 1 (default: all cores)",
            scope = CommandLine.ScopeType.INHERIT)
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--verbose",
            description = "print stack traces of errors",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return CliErrors.BAD_INPUT;
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit code (for tests and embedding).
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        NasLauncher root = new NasLauncher();
        CommandLine cli = new CommandLine(root);
        cli.setHelpFactory(AliasHelp.factory());
        cli.setExecutionStrategy(
                parsed -> {
                    OptionValues.checkFinite(parsed);
                    // The engine reads its settings when it loads: apply them before any command runs.
                    EngineSettings.defaults().threads(root.threads).apply();
                    return new CommandLine.RunLast().execute(parsed);
                });
        CliErrors errors = new CliErrors(() -> root.verbose);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        try {
            ConfigOption.install(cli, args);
        } catch (RuntimeException e) {
            // --config FILE unreadable, not JSON, or naming an unknown key or a value of the wrong type
            boolean bad = CliErrors.isBadInput(e);
            System.err.println((bad ? "error: --config " : "internal error: ") + CliErrors.message(e));
            if (root.verbose || Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace();
            }
            return bad ? CliErrors.BAD_INPUT : CliErrors.INTERNAL;
        }
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands Exceptions of a command to CliErrors; an Error (or a failure outside
            // a command) ends up here: still one line, the trace only with --verbose.
            System.err.println("internal error: " + CliErrors.message(e));
            if (root.verbose) {
                e.printStackTrace();
            }
            return CliErrors.INTERNAL;
        }
    }
}
