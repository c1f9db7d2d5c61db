package org.nas4det.spnas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Candidate;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.search.CandidateFilter;
import org.nas4det.core.search.GenerationalSearch;
import org.nas4det.core.Ranking;
import org.nas4det.core.random.SeededRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SP-NAS's serial search ("swap-expand-reignite") with progressive growth: generation 0 is the
 * seed; every later generation draws a parent uniformly from the current Pareto front on
 * (mAP max, params min), mutates its serial code ({@link SerialMutation}) until the child is new
 * and feasible, and the child inherits the parent's trained weights. When the front has not
 * gained a member for {@code patience} generations, the front's nets are reignited (re-pre-trained
 * on classification data) and their children inherit the reignited weights; at most
 * {@code maxReignitions} times. One candidate per generation, so every candidate is checkpointed.
 * Each proposed child's parent is written to the step's {@link Lineage} before it is evaluated.
 */
final class SerialSearch extends GenerationalSearch<SpNasArch> {

    private static final Logger LOG = LoggerFactory.getLogger(SerialSearch.class);
    private static final int DRAWS = 200;

    /** Re-pre-trains a serial net on classification data. */
    interface Reigniter {
        /**
         * @param arch the net
         * @param model its trained detector folder
         * @param out the folder for the reignited detector (backbone re-pre-trained, rest kept)
         */
        void reignite(SpNasArch arch, Path model, Path out);
    }

    private final int samples;
    private final Path models;
    private final Path reignitions;
    private final Reigniter reigniter;
    private final int patience;
    private final int maxReignitions;
    private final Lineage lineage;

    SerialSearch(int samples, Path models, Lineage lineage, Path reignitions, Reigniter reigniter, int patience, int maxReignitions) {
        this.samples = samples;
        this.lineage = lineage;
        this.models = models;
        this.reignitions = reignitions;
        this.reigniter = reigniter;
        this.patience = patience;
        this.maxReignitions = maxReignitions;
    }

    @Override
    public String describe() {
        return "spnas-serial(samples=" + samples + ", patience=" + patience + ", max_reignitions=" + maxReignitions
                + (reigniter == null ? ", no reignition" : "") + ")";
    }

    @Override
    protected int generations() {
        return samples + 1;
    }

    @Override
    protected int generationSize() {
        return 1;
    }

    @Override
    protected List<SpNasArch> propose(int generation, List<Candidate<SpNasArch>> history, SearchProblem<SpNasArch> problem,
            SeededRandom rng, CandidateFilter<SpNasArch> filter) {
        SpNasSpace space = (SpNasSpace) problem.space();
        if (generation == 0) {
            SpNasArch seed = space.seed();
            if (!filter.admit(seed)) {
                throw filter.noFeasible(1);
            }
            lineage.write(seed, null);
            return List.of(seed);
        }
        int round = reignitionsBefore(history);
        if (reigniter != null && round < maxReignitions && stagnation(history, problem, round) >= patience) {
            round++;
            for (Candidate<SpNasArch> c : Ranking.paretoFront(history, problem.objectives())) {
                Path out = reignited(round, c.architecture());
                if (!Files.exists(out.resolve("detector.params"))) {
                    LOG.info("reignition {}: re-pre-training {}", round, c.architecture());
                    reigniter.reignite(c.architecture(), model(c, round - 1), out);
                }
            }
        }
        List<Candidate<SpNasArch>> front = Ranking.paretoFront(history, problem.objectives());
        for (int d = 0; d < DRAWS; d++) {
            Candidate<SpNasArch> parent = front.get(rng.nextInt(front.size()));
            SpNasArch child = space.serialChild(parent.architecture(), rng);
            if (filter.admit(child)) {
                lineage.write(child, new Lineage.Parent(parent.index(), model(parent, round), round));
                return List.of(child);
            }
        }
        LOG.info("no new feasible child of the front in {} draws: the serial search stops", DRAWS);
        return new ArrayList<>();
    }

    /**
     * @param c a candidate of this search
     * @return its trained detector, reignited where a reignition re-pre-trained it
     */
    Path trainedModel(Candidate<SpNasArch> c) {
        return model(c, maxReignitions);
    }

    /** The trained weights of a candidate: the latest reignition up to {@code round}, else its own. */
    private Path model(Candidate<SpNasArch> c, int round) {
        for (int r = round; r >= 1; r--) {
            Path p = reignited(r, c.architecture());
            if (Files.exists(p.resolve("detector.params"))) {
                return p;
            }
        }
        return QuickEvaluator.modelDir(models, c.architecture());
    }

    private Path reignited(int round, SpNasArch arch) {
        return QuickEvaluator.modelDir(reignitions.resolve(String.valueOf(round)), arch);
    }

    private static int reignitionsBefore(List<Candidate<SpNasArch>> history) {
        Candidate<SpNasArch> last = history.get(history.size() - 1);
        Double r = last.evaluation().metrics().get("reignitions");
        return r == null ? 0 : r.intValue();
    }

    /** Candidates since the front last gained a member or the last reignition, whichever is later. */
    private static int stagnation(List<Candidate<SpNasArch>> history, SearchProblem<SpNasArch> problem, int round) {
        int last = 0;
        for (int i = 0; i < history.size(); i++) {
            Double r = history.get(i).evaluation().metrics().get("reignitions");
            if (r != null && r.intValue() == round && round > 0) {
                last = Math.max(last, i);
                break;
            }
        }
        for (int i = 1; i < history.size(); i++) {
            if (Ranking.paretoFront(history.subList(0, i + 1), problem.objectives()).contains(history.get(i))) {
                last = Math.max(last, i);
            }
        }
        return history.size() - 1 - last;
    }
}
