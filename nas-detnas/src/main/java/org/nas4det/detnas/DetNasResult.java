package org.nas4det.detnas;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4det.core.Candidate;
import org.nas4det.core.Constraints;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.MethodResult;
import org.nas4det.core.SearchResult;

/**
 * What a {@link DetNas} run produced: the search result and where the outputs are.
 *
 * <pre>{@code
 * DetNasResult r = DetNas.cpu().optRunDirectory(dir).build().run();
 * SavedDetector d = SavedDetector.load(r.detectorDirectory(), manager);
 * }</pre>
 */
public final class DetNasResult implements MethodResult<DetNasArch> {

    private final SearchResult<DetNasArch> search;
    private final DetNasSpace space;
    private final Path runDirectory;
    private final Constraints constraints;

    DetNasResult(SearchResult<DetNasArch> search, DetNasSpace space, Path runDirectory, Constraints constraints) {
        this.search = search;
        this.space = space;
        this.runDirectory = runDirectory;
        this.constraints = constraints;
    }

    /** @return every candidate and the ranking */
    public SearchResult<DetNasArch> candidates() {
        return search;
    }

    @Override
    public Optional<SearchResult<DetNasArch>> search() {
        return Optional.of(search);
    }

    /** @return the best candidate (highest held-out AP, earliest on ties) with its metrics */
    public Candidate<DetNasArch> bestCandidate() {
        return search.best();
    }

    @Override
    public DetNasArch best() {
        return search.best().architecture();
    }

    /** @return the best subnet's backbone cost at the constraints' input */
    @Override
    public Cost cost() {
        return search.best().cost();
    }

    /** @return the input shape {@link #cost()} is counted at */
    public ai.djl.ndarray.types.Shape costInput() {
        return constraints.input();
    }

    /** @return the space searched */
    public DetNasSpace space() {
        return space;
    }

    @Override
    public Optional<Path> runDirectory() {
        return Optional.of(runDirectory);
    }

    /** @return the fine-tuned supernet file */
    public Path supernet() {
        return runDirectory.resolve(DetNasFiles.SUPERNET);
    }

    /** @return the best subnet in nas4det JSON */
    public Path bestSubnetJson() {
        return runDirectory.resolve(DetNasFiles.BEST_JSON);
    }

    /** @return the best subnet as MMRazor fix_subnet YAML */
    public Path bestSubnetYaml() {
        return runDirectory.resolve(DetNasFiles.BEST_YAML);
    }

    /** @return the folder of the exported detector (loadable with {@code SavedDetector.load}) */
    public Path detectorDirectory() {
        return runDirectory.resolve(DetNasFiles.BEST_DETECTOR);
    }

    /**
     * @return the folder of the exported detector
     * @deprecated the shared name is {@link #detectorDirectory()}, as FAD's and SP-NAS's results have it
     */
    @Deprecated
    public Path exportedDetector() {
        return detectorDirectory();
    }

    /** @return a fresh standalone backbone of the best subnet (its supernet weights are in {@link #detectorDirectory()}) */
    @Override
    public Block standalone() {
        return DetNas.standalone(space, best());
    }
}
