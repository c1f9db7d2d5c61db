package org.nas4det.maedet;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4det.core.Candidate;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.MethodResult;
import org.nas4det.core.SearchResult;

/**
 * What a MAE-DET search returns: every scored structure, the best one with its cost at the
 * budget's input, and the run directory.
 *
 * <pre>{@code MaeDetResult r = MaeDet.cpu().build().run(); r.best().writeTo(Path.of("best.txt"));}</pre>
 */
public final class MaeDetResult implements MethodResult<MaeDetStructure> {

    private final SearchResult<MaeDetStructure> search;
    private final Optional<Path> runDirectory;
    private final String head;

    MaeDetResult(SearchResult<MaeDetStructure> search, Optional<Path> runDirectory, String head) {
        this.search = search;
        this.runDirectory = runDirectory;
        this.head = head;
    }

    /**
     * The detector spec that trains the best structure with the builder's head
     * ({@link MaeDet.Builder#optHead}): {@code {"head": .., "backbone": {"type": "maedet", ..}}},
     * for {@code DetectorSpec.parse} or {@code nas train --arch}.
     *
     * @return a fresh JSON object
     */
    public JsonObject detectorSpec() {
        JsonObject o = new JsonObject();
        o.addProperty("head", head);
        o.add("backbone", MaeDet.backboneSpec(best()));
        return o;
    }

    /** @return the best candidate: structure, score and cost */
    public Candidate<MaeDetStructure> bestCandidate() {
        return search.best();
    }

    @Override
    public MaeDetStructure best() {
        return search.best().architecture();
    }

    @Override
    public Cost cost() {
        return search.best().cost();
    }

    /** @return the best structure's zero-shot score */
    public double score() {
        return search.best().evaluation().metric("score");
    }

    @Override
    public Optional<Path> runDirectory() {
        return runDirectory;
    }

    @Override
    public Optional<SearchResult<MaeDetStructure>> search() {
        return Optional.of(search);
    }

    /** @return every scored structure in evaluation order */
    public SearchResult<MaeDetStructure> candidates() {
        return search;
    }

    @Override
    public Block standalone() {
        return MaeDet.standalone(best());
    }
}
