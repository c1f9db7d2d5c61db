package org.nas4det.maedet;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Constraints;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.search.RunDirectory;

/**
 * The MAE-DET entry points: a zero-shot search of detection backbones, and building a backbone
 * from a structure.
 *
 * <pre>{@code
 * SearchResult<MaeDetStructure> r = MaeDet.search()
 *     .space(MaeDetSpace.builder().imageSize(480).budgetLayers(91).build())
 *     .constraints(Constraints.maxMacs(18.77e9).maxLayers(91).at(3, 480, 480))
 *     .score(new ClosedFormScore())
 *     .population(256).iterations(100_000).seed(7)
 *     .runDir(Path.of("runs/maedet"))
 *     .listener(SearchListener.progressBar())
 *     .run();
 * Backbone b = MaeDet.backbone(r.best().architecture());
 * }</pre>
 */
public final class MaeDet {

    /** The best structure in TinyNAS v2 format, in the run directory. */
    public static final String BEST_STRUCTURE = "best_structure.txt";

    static {
        DetectorSpec.registerBackbone("maedet", java.util.Set.of("structure"), o -> {
            if (!o.has("structure") || !o.get("structure").isJsonPrimitive()) {
                throw new IllegalArgumentException("a 'maedet' backbone needs 'structure': the structure as TinyNAS text");
            }
            return MaeDetBackbone.of(MaeDetStructure.parse(o.get("structure").getAsString()));
        });
    }

    private MaeDet() {}

    /**
     * Makes {@code "maedet"} a backbone type of {@link DetectorSpec}
     * ({@code {"type": "maedet", "structure": "[...]"}}); done once when this class loads.
     */
    public static void register() {
        // The static initialiser does the work.
    }

    /**
     * The detector-spec JSON of a structure's backbone.
     *
     * @param structure the structure
     * @return {@code {"type": "maedet", "structure": ...}}
     */
    public static JsonObject backboneSpec(MaeDetStructure structure) {
        register();
        JsonObject o = new JsonObject();
        o.addProperty("type", "maedet");
        o.addProperty("structure", structure.encode());
        return o;
    }

    /** @return a search builder */
    public static Search search() {
        return new Search();
    }

    /**
     * Builds the backbone of a structure (C3..C5 of a five-stage net).
     *
     * @param structure the structure
     * @return the backbone block
     */
    public static MaeDetBackbone backbone(MaeDetStructure structure) {
        return MaeDetBackbone.of(structure);
    }

    /** Builds and runs a MAE-DET search. */
    public static final class Search {
        private MaeDetSpace space = MaeDetSpace.builder().build();
        private Constraints constraints = Constraints.none().at(3, 480, 480);
        private Evaluator<MaeDetStructure> score = new ClosedFormScore();
        private int population = 256;
        private int iterations = 100_000;
        private int round = -1;
        private int minorAfter = Integer.MAX_VALUE;
        private long seed;
        private Path runDir;
        private boolean resume;
        private final List<SearchListener> listeners = new ArrayList<>();

        private Search() {}

        /**
         * Sets the space (seed structure and mutation limits).
         *
         * @param s the space
         * @return this builder
         */
        public Search space(MaeDetSpace s) {
            this.space = s;
            return this;
        }

        /**
         * Sets the budgets (MACs in any convention, params, layers) and their resolution.
         *
         * @param c the constraints
         * @return this builder
         */
        public Search constraints(Constraints c) {
            this.constraints = c;
            return this;
        }

        /**
         * Sets the zero-shot score (default closed form).
         *
         * @param e the score
         * @return this builder
         */
        public Search score(Evaluator<MaeDetStructure> e) {
            this.score = e;
            return this;
        }

        /**
         * Sets the population size (default 256).
         *
         * @param n size
         * @return this builder
         */
        public Search population(int n) {
            this.population = n;
            return this;
        }

        /**
         * Sets the number of children evaluated (default 100,000).
         *
         * @param n children
         * @return this builder
         */
        public Search iterations(int n) {
            this.iterations = n;
            return this;
        }

        /**
         * Sets the children per round, the checkpoint unit (default: the population size).
         *
         * @param n children
         * @return this builder
         */
        public Search round(int n) {
            this.round = n;
            return this;
        }

        /**
         * Turns on coarse-to-fine: after this many children only out/btn mutate.
         *
         * @param n children
         * @return this builder
         */
        public Search coarseToFine(int n) {
            this.minorAfter = n;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param s the seed
         * @return this builder
         */
        public Search seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the run directory (log, checkpoint, best structure, plots).
         *
         * @param dir the folder
         * @return this builder
         */
        public Search runDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /**
         * Continues the run in the run directory.
         *
         * @param r whether to resume
         * @return this builder
         */
        public Search resume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Search listener(SearchListener l) {
            listeners.add(l);
            return this;
        }

        /**
         * Runs the search; with a run directory, writes the best structure (TinyNAS v2) and the
         * score-against-MACs plot.
         *
         * @return the result
         */
        public SearchResult<MaeDetStructure> run() {
            SearchProblem.Builder<MaeDetStructure> p = SearchProblem.builder(space, score)
                    .constraints(constraints).objective(Objective.maximize("score")).seed(seed).resume(resume);
            if (runDir != null) {
                p.runDirectory(runDir).listener(new PlotListener("conv_macs"));
            }
            listeners.forEach(p::listener);
            SearchResult<MaeDetStructure> r = new MaeDetEvolution(population, iterations,
                    round > 0 ? round : Math.min(population, iterations), minorAfter).search(p.build());
            if (runDir != null) {
                r.best().architecture().writeTo(RunDirectory.open(runDir).file(BEST_STRUCTURE));
            }
            return r;
        }
    }
}
