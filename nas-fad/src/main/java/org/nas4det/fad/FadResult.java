package org.nas4det.fad;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.MethodResult;
import org.nas4det.core.SearchResult;
import org.nas4det.fad.genotype.FadGenotypes;
import org.nas4det.fad.head.FadHead;

/**
 * What a {@link Fad} run produced: the derived genotypes, the final detector's metrics and where
 * the files are. FAD derives its architecture, so {@link #search()} is empty.
 *
 * <pre>{@code FadResult r = Fad.cpu().build().run(); r.best().write(Path.of("g.txt")); FadHead h = r.standalone();}</pre>
 */
public final class FadResult implements MethodResult<FadGenotypes> {

    private final FadGenotypes best;
    private final JsonObject summary;
    private final Path runDirectory;
    private final int channels;
    private final int width;
    private final int cells;
    private final boolean rate3;
    private final int classes;
    private final int inputSize;

    FadResult(FadGenotypes best, JsonObject summary, Path runDirectory, Fad.Builder b) {
        this.best = best;
        this.summary = summary;
        this.runDirectory = runDirectory;
        this.channels = b.channels;
        this.width = b.width;
        this.cells = b.cells;
        this.rate3 = b.rate3;
        this.classes = summary.get("classes").getAsInt();
        this.inputSize = b.finalImageSize;
    }

    @Override
    public FadGenotypes best() {
        return best;
    }

    /** @return the derived head's cost (towers, predictors, scales) on the pyramid of a final-training image */
    @Override
    public Cost cost() {
        return FadSpecs.headCost(standalone(), channels, classes, new Shape(3, inputSize, inputSize));
    }

    @Override
    public Optional<Path> runDirectory() {
        return Optional.of(runDirectory);
    }

    @Override
    public Optional<SearchResult<FadGenotypes>> search() {
        return Optional.empty();
    }

    /** @return a fresh derived head ({@code cells} cells per subnet) with its own weights */
    @Override
    public FadHead standalone() {
        return Fad.standalone(best, channels, width, cells, rate3);
    }

    /** @return the final detector's validation metrics (AP, AP50, ...), empty without validation data */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (summary.has("metrics")) {
            summary.getAsJsonObject("metrics").entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsDouble()));
        }
        return m;
    }

    /** @return the saved detector folder ({@code nas eval --model}) */
    public Path detectorDirectory() {
        return runDirectory.resolve(Fad.DETECTOR);
    }

    /** @return the summary written to {@code result.json} */
    public JsonObject summary() {
        return summary.deepCopy();
    }
}
