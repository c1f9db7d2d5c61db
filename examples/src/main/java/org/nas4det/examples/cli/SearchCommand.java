package org.nas4det.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nas search METHOD}: runs a search; each method is a subcommand with its own flags. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Runs an architecture search.",
        subcommands = {SearchMaeDetCommand.class, SearchDetNasCommand.class, SearchFadCommand.class, SearchSpNasCommand.class})
final class SearchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a method: search maedet | detnas | fad | spnas");
    }
}
