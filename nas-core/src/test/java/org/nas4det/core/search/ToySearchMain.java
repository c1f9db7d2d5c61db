package org.nas4det.core.search;

import java.nio.file.Path;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchProblem;

/** Runs the toy evolution in its own JVM, for the kill-and-resume test. */
public final class ToySearchMain {

    private ToySearchMain() {}

    static SearchProblem<ToySpace.Arch> problem(Path dir, long seed, boolean resume, long sleep) {
        return SearchProblem.builder(new ToySpace(8), new ToySpace.Objective(sleep))
                .optConstraints(Constraints.builder().optMaxParams(8_000).optInput(3, 8, 8).build())
                .addObjective(Objective.maximize("score"))
                .optSeed(seed)
                .optRunDirectory(dir)
                .optResume(resume)
                .build();
    }

    static EvolutionSearch<ToySpace.Arch> strategy() {
        return new EvolutionSearch<>(
                EvolutionSettings.builder()
                        .optPopulation(20)
                        .optTopK(5)
                        .optMutants(8, 0.2)
                        .optCrossovers(8, 0.5)
                        .optGenerations(8)
                        .build());
    }

    /**
     * Runs the search.
     *
     * @param args run directory, seed, resume flag, sleep per candidate in ms
     */
    public static void main(String[] args) {
        strategy()
                .search(
                        problem(
                                Path.of(args[0]),
                                Long.parseLong(args[1]),
                                Boolean.parseBoolean(args[2]),
                                Long.parseLong(args[3])));
    }
}
