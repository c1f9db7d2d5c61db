package org.nas4det.maedet;

import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nas4det.core.Constraints;
import org.nas4det.core.Evaluator;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.core.report.PlotListener;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.io.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAE-DET: a zero-shot search of detection backbones under budgets, and building a backbone
 * from a structure. Follows the project's builder convention ({@code CONTRIBUTING.md}).
 *
 * <pre>{@code
 * MaeDetResult r = MaeDet.builder()                       // the paper's settings (= MaeDet.paper())
 *     .optConstraints(Constraints.builder().optMaxMacs(18.77e9).optMaxLayers(91).optInput(3, 480, 480).build())
 *     .optSeed(7)
 *     .optRunDirectory(Path.of("runs/maedet"))          // search.jsonl, checkpoint.json, best_structure.txt, plots
 *     .addListener(SearchListener.progressBar())
 *     .build()
 *     .run();
 * MaeDetBackbone b = MaeDet.standalone(r.best());        // C3..C5 for FPN + FCOS/RetinaNet
 * }</pre>
 */
public final class MaeDet {

    private static final Logger LOG = LoggerFactory.getLogger(MaeDet.class);

    /** The best structure in TinyNAS v2 format, in the run directory. */
    public static final String BEST_STRUCTURE = "best_structure.txt";

    private final MaeDetSpace space;
    private final Constraints constraints;
    private final String head;
    private final Evaluator<MaeDetStructure> score;
    private final MaeDetEvolution evolution;
    private final long seed;
    private final Path runDirectory;
    private final boolean resume;
    private final List<SearchListener> listeners;
    private final CandidateExecutor executor;

    private MaeDet(Builder b) {
        this.space = b.space;
        this.constraints = b.constraints;
        this.score = b.score;
        this.evolution = b.evolution;
        this.seed = b.seed;
        this.runDirectory = b.runDirectory;
        this.resume = b.resume;
        this.listeners = List.copyOf(b.listeners);
        this.executor = b.executor;
        this.head = b.head;
    }

    /**
     * A builder holding this search's settings, to change some of them.
     *
     * <pre>{@code MaeDet again = search.toBuilder().optSeed(1).build();}</pre>
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.space = space;
        b.constraints = constraints;
        b.score = score;
        b.evolution = evolution;
        b.seed = seed;
        b.runDirectory = runDirectory;
        b.resume = resume;
        b.listeners.addAll(listeners);
        b.executor = executor;
        b.head = head;
        return b;
    }

    /**
     * The detector-spec JSON of a structure's backbone.
     *
     * @param structure the structure
     * @return {@code {"type": "maedet", "structure": ...}}
     */
    public static JsonObject backboneSpec(MaeDetStructure structure) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "maedet");
        o.addProperty("structure", structure.encode());
        return o;
    }

    /** @return a builder with the paper's settings; the same as {@link #paper()} */
    public static Builder builder() {
        return paper();
    }

    /**
     * The paper's search: population 256, 100,000 children, closed-form score, the space at 480
     * px with 91 layers, under ResNet-50's conv MACs at 480x480 (18.77e9) and 91 layers.
     *
     * @return a pre-filled builder
     */
    public static Builder paper() {
        return new Builder();
    }

    /**
     * Minutes on 2 CPU cores: population 64, 2,000 children in rounds of 64, closed-form score,
     * at 320 px with at most 40 layers and 512 channels, starting from {@link MaeDetSpace#floor()},
     * under the conv MACs of a quarter-width ResNet-18 at 320x320.
     *
     * @return a pre-filled builder
     */
    public static Builder cpu() {
        int size = 320;
        long budget = cpuBudget(size);
        return new Builder()
                .optSpace(MaeDetSpace.builder().optInitialStructure(MaeDetSpace.floor()).optImageSize(size)
                        .optBudgetLayers(40).optMaxChannels(512).optBtnRatio(4).build())
                .optConstraints(Constraints.builder().optMaxMacs(budget).optMaxLayers(40).optInput(3, size, size).build())
                .optEvolution(MaeDetEvolution.builder().optPopulation(64).optChildren(2_000).optRound(64).build());
    }

    /**
     * The {@link #cpu()} preset's MAC budget: a quarter-width ResNet-18's convolution MACs.
     *
     * @param size the square input side the MACs are counted at
     * @return the budget
     */
    public static long cpuBudget(int size) {
        return CostModel.count(ResNets.scaled(18, 16, 3, 4, 5), new Shape(1, 3, size, size)).convMacs();
    }

    /**
     * Builds a fresh backbone of a structure (C3..C5 of a five-stage net).
     *
     * @param structure the structure
     * @return the backbone block, uninitialised
     */
    public static MaeDetBackbone standalone(MaeDetStructure structure) {
        return MaeDetBackbone.of(structure);
    }

    /** @return the space searched (its initial structure as given) */
    public MaeDetSpace space() {
        return space;
    }

    /** @return the budgets */
    public Constraints constraints() {
        return constraints;
    }

    /**
     * Runs the search, or continues it when resuming; with a run directory, writes the best
     * structure (TinyNAS v2) and the score-against-MACs plot. A run directory that holds a
     * finished run of the same settings is read back without evaluating anything. When the space's initial structure
     * is the default one and breaks the budget, the search starts from {@link MaeDetSpace#floor()}.
     *
     * @return the result
     */
    public MaeDetResult run() {
        if (runDirectory == null) {
            return search();
        }
        RunDirectory.requireOwnRun(runDirectory, RunDirectory.CHECKPOINT, "a MAE-DET search");
        try (RunLock lock = RunLock.acquire(runDirectory, "MAE-DET search")) {
            return search();
        }
    }

    private MaeDetResult search() {
        MaeDetSpace searched = space;
        if (space.initialStructureIsDefault() && !fits(space.initialStructure())) {
            LOG.debug("the default initial structure exceeds the budget: starting from the floor structure");
            searched = space.withInitialStructure(MaeDetSpace.floor());
        }
        // A finished run (its best.json written) is read back, as the other methods read theirs:
        // the same command run again returns its result; one cut short still needs optResume(true).
        boolean finished = runDirectory != null && Files.exists(runDirectory.resolve(RunDirectory.BEST));
        SearchProblem.Builder<MaeDetStructure> p = SearchProblem.builder(searched, score)
                .optConstraints(constraints).addObjective(Objective.maximize("score")).optSeed(seed)
                .optResume(resume || finished).optExecutor(executor);
        if (runDirectory != null) {
            p.optRunDirectory(runDirectory).addListener(new PlotListener("conv_macs"));
        }
        listeners.forEach(p::addListener);
        SearchResult<MaeDetStructure> r = evolution.search(p.build());
        if (runDirectory != null) {
            r.best().architecture().writeTo(RunDirectory.open(runDirectory).file(BEST_STRUCTURE));
        }
        return new MaeDetResult(r, Optional.ofNullable(runDirectory), head);
    }

    private boolean fits(MaeDetStructure s) {
        return constraints.check(s, space.cost(s, constraints.input())).isEmpty();
    }

    /**
     * Builds a {@link MaeDet} search. Every value is optional; the defaults are the preset's
     * ({@link MaeDet#paper()} unless said otherwise).
     */
    public static final class Builder {
        private MaeDetSpace space = MaeDetSpace.builder().build();
        private Constraints constraints =
                Constraints.builder().optMaxMacs(18.77e9).optMaxLayers(91).optInput(3, 480, 480).build();
        private Evaluator<MaeDetStructure> score = new ClosedFormScore();
        private MaeDetEvolution evolution = MaeDetEvolution.builder().build();
        private long seed;
        private Path runDirectory;
        private boolean resume;
        private final List<SearchListener> listeners = new ArrayList<>();
        private CandidateExecutor executor = CandidateExecutor.inProcess();
        private String head = "gfl";

        private Builder() {}

        /**
         * Sets the detector the searched backbone is to be trained with, which
         * {@link MaeDetResult#detectorSpec()} names (default {@code gfl}, the paper's: MAE-DET trains
         * its backbones with GFL). The search itself is zero-shot and trains nothing.
         *
         * <pre>{@code MaeDet.cpu().optHead("faster_rcnn").build().run().detectorSpec()}</pre>
         *
         * @param h a head of {@code DetectorSpec.HEADS}: {@code fcos}, {@code retinanet}, {@code gfl} or {@code faster_rcnn}
         * @return this builder
         * @throws IllegalArgumentException for another name
         */
        public Builder optHead(String h) {
            // Checked now, not when the spec is used after a search of minutes or hours.
            Preconditions.checkNotNull(h, "optHead: null");
            Preconditions.checkArgument(DetectorSpec.HEADS.contains(h), "optHead: must be one of %s, got '%s'", DetectorSpec.HEADS, h);
            this.head = h;
            return this;
        }

        /**
         * Sets the space: initial structure and mutation limits (default: the shipped limits at
         * 480 px, 91 layers).
         *
         * @param s the space
         * @return this builder
         */
        public Builder optSpace(MaeDetSpace s) {
            this.space = Preconditions.checkNotNull(s, "optSpace: null");
            return this;
        }

        /**
         * Sets the budgets (MACs in any convention, params, layers) and their resolution
         * (default: ResNet-50's conv MACs at 480x480, 91 layers).
         *
         * @param c the constraints
         * @return this builder
         */
        public Builder optConstraints(Constraints c) {
            this.constraints = Preconditions.checkNotNull(c, "optConstraints: null (Constraints.none() for no budget)");
            return this;
        }

        /**
         * Sets the zero-shot score (default {@link ClosedFormScore}).
         *
         * @param e the score
         * @return this builder
         */
        public Builder optScore(Evaluator<MaeDetStructure> e) {
            this.score = Preconditions.checkNotNull(e, "optScore: null");
            return this;
        }

        /**
         * Sets the evolution: population, children, round, coarse-to-fine (default: the
         * reference's N 256 and 100,000 children; cpu preset 64 and 2,000).
         *
         * @param e the strategy
         * @return this builder
         */
        public Builder optEvolution(MaeDetEvolution e) {
            this.evolution = Preconditions.checkNotNull(e, "optEvolution: null");
            return this;
        }

        /**
         * Sets the seed of every random choice (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the run directory: log, checkpoint, best structure, plots (default none).
         *
         * @param dir the folder, or null for none: nothing is written
         * @return this builder
         */
        public Builder optRunDirectory(Path dir) {
            this.runDirectory = dir;
            return this;
        }

        /**
         * Continues the run in the run directory (default false: a run cut short is then refused;
         * a finished one is read back either way).
         *
         * @param r whether to resume
         * @return this builder
         */
        public Builder optResume(boolean r) {
            this.resume = r;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder addListener(SearchListener l) {
            listeners.add(Preconditions.checkNotNull(l, "addListener: null"));
            return this;
        }

        /**
         * Sets who scores each round's children (default {@link CandidateExecutor#inProcess()};
         * {@code SparkExecutor} of the optional nas-spark module spreads them over a cluster). The
         * executor never changes the result.
         *
         * @param e the executor
         * @return this builder
         */
        public Builder optExecutor(CandidateExecutor e) {
            this.executor = Preconditions.checkNotNull(e, "optExecutor: null");
            return this;
        }

        /** @return the search, ready to {@link MaeDet#run()} */
        public MaeDet build() {
            Preconditions.checkArgument(!resume || runDirectory != null, "optResume: resuming needs optRunDirectory");
            return new MaeDet(this);
        }
    }
}
