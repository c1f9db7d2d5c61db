package org.nas4det.spnas;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.MethodResult;
import org.nas4det.core.SearchResult;

/**
 * What an SP-NAS run returns: the final architecture (the best parallel structure, or the best
 * serial net when no parallel one beat it), its backbone cost, the serial and parallel searches,
 * the held-out metrics of the final detector and the run directory ({@code best_arch.txt},
 * {@code detector/}).
 */
public final class SpNasResult implements MethodResult<SpNasArch> {

    private final SpNasArch best;
    private final Cost cost;
    private final Path runDirectory;
    private final SearchResult<SpNasArch> serial;
    private final SearchResult<SpNasArch> parallel;
    private final double finalMap;
    private final int width;
    private final boolean sharedCopies;

    SpNasResult(SpNasArch best, Cost cost, Path runDirectory, SearchResult<SpNasArch> serial, SearchResult<SpNasArch> parallel,
            double finalMap, int width, boolean sharedCopies) {
        this.best = best;
        this.cost = cost;
        this.runDirectory = runDirectory;
        this.serial = serial;
        this.parallel = parallel;
        this.finalMap = finalMap;
        this.width = width;
        this.sharedCopies = sharedCopies;
    }

    @Override
    public SpNasArch best() {
        return best;
    }

    @Override
    public Cost cost() {
        return cost;
    }

    @Override
    public Optional<Path> runDirectory() {
        return Optional.ofNullable(runDirectory);
    }

    /** @return the serial search */
    @Override
    public Optional<SearchResult<SpNasArch>> search() {
        return Optional.of(serial);
    }

    /** @return the parallel search, empty when it was switched off */
    public Optional<SearchResult<SpNasArch>> parallelSearch() {
        return Optional.ofNullable(parallel);
    }

    /** @return the final detector's held-out mAP (AP x 100), NaN when no final training ran */
    public double finalMap() {
        return finalMap;
    }

    /** @return the final detector folder ({@code detector/}) */
    public Path detectorDirectory() {
        return runDirectory.resolve(SpNas.DETECTOR);
    }

    @Override
    public Block standalone() {
        return SerialBackbone.builder(best).optWidth(width).optSharedCopies(sharedCopies).build();
    }
}
