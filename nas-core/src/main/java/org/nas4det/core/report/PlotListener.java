package org.nas4det.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.Architecture;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.Objective;
import org.nas4det.core.SearchListener;
import org.nas4det.core.SearchProblem;
import org.nas4det.core.SearchResult;

/**
 * Keeps {@code progress.png/.svg} and {@code pareto.png/.svg} up to date in the run directory:
 * redrawn after each generation and at the end.
 *
 * <pre>{@code problem.listener(new PlotListener("conv_macs"));}</pre>
 */
public final class PlotListener implements SearchListener {

    private final String costQuantity;
    private Path dir;
    private Objective primary;
    private double budget = Double.NaN;

    /**
     * Creates the listener.
     *
     * @param costQuantity the cost quantity on the Pareto chart's x axis, e.g. {@code conv_macs}
     */
    public PlotListener(String costQuantity) {
        this.costQuantity = costQuantity;
    }

    @Override
    public void onStart(SearchProblem<?> problem, int total, int done) {
        dir = problem.runDirectory();
        primary = problem.objectives().get(0);
        for (Constraints.Limit l : problem.constraints().limits()) {
            if (l.quantity().equals(costQuantity)
                    || (costQuantity.equals("macs") && l.quantity().equals("conv_macs"))) {
                budget = l.max();
            }
        }
    }

    @Override
    public void onGeneration(int generation, List<? extends Candidate<?>> all) {
        draw(all);
    }

    @Override
    public void onFinish(SearchResult<?> result) {
        draw(result.candidates());
    }

    @SuppressWarnings("unchecked")
    private void draw(List<? extends Candidate<?>> all) {
        if (dir == null || all.isEmpty()) {
            return;
        }
        List<Candidate<Architecture>> list = new ArrayList<>();
        for (Candidate<?> c : all) {
            list.add((Candidate<Architecture>) c);
        }
        SearchPlots.progress(list, primary, dir.resolve("progress"));
        SearchPlots.pareto(list, primary, costQuantity, budget, dir.resolve("pareto"));
    }
}
