package org.nas4det.fad;

import com.google.gson.JsonObject;
import org.nas4det.core.detect.HeadTowers;
import org.nas4det.core.detect.TowersProvider;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.SearchHead;

/**
 * The {@code "fad_search"} towers type of {@link org.nas4det.core.detect.DetectorSpec}: FAD's search
 * supernet head ({@code width}, {@code cells}, {@code nodes}, {@code rate3}). Found by
 * {@link java.util.ServiceLoader}.
 */
public final class FadSearchTowersProvider implements TowersProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public FadSearchTowersProvider() {}

    @Override
    public String type() {
        return "fad_search";
    }

    @Override
    public HeadTowers create(JsonObject o, int channels) {
        return new SearchHead(OpSpace.of(o.get("rate3").getAsBoolean()), channels, o.get("width").getAsInt(),
                o.get("cells").getAsInt(), o.get("nodes").getAsInt());
    }
}
