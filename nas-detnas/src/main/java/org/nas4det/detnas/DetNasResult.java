package org.nas4det.detnas;

import java.nio.file.Path;
import org.nas4det.core.Candidate;
import org.nas4det.core.SearchResult;

/**
 * What a {@link DetNas} run produced: the search result and where the outputs are.
 *
 * <pre>{@code DetNasResult r = DetNas.builder().runDir(dir).run(); SavedDetector d = SavedDetector.load(r.exportedDetector(), manager);}</pre>
 */
public final class DetNasResult {

    private final SearchResult<DetNasArch> search;
    private final DetNasSpace space;
    private final Path runDir;

    DetNasResult(SearchResult<DetNasArch> search, DetNasSpace space, Path runDir) {
        this.search = search;
        this.space = space;
        this.runDir = runDir;
    }

    /** @return every candidate and the ranking */
    public SearchResult<DetNasArch> search() {
        return search;
    }

    /** @return the best candidate (highest held-out AP, earliest on ties) */
    public Candidate<DetNasArch> best() {
        return search.best();
    }

    /** @return the space searched */
    public DetNasSpace space() {
        return space;
    }

    /** @return the run directory */
    public Path runDir() {
        return runDir;
    }

    /** @return the fine-tuned supernet file */
    public Path supernet() {
        return runDir.resolve(DetNas.SUPERNET);
    }

    /** @return the best subnet in nas4det JSON */
    public Path bestSubnetJson() {
        return runDir.resolve(DetNas.BEST_JSON);
    }

    /** @return the best subnet as MMRazor fix_subnet YAML */
    public Path bestSubnetYaml() {
        return runDir.resolve(DetNas.BEST_YAML);
    }

    /** @return the folder of the exported detector (loadable with {@code SavedDetector.load}) */
    public Path exportedDetector() {
        return runDir.resolve(DetNas.BEST_DETECTOR);
    }
}
