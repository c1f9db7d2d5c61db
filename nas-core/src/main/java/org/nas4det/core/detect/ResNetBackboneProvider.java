package org.nas4det.core.detect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * The built-in {@code "resnet"} backbone type: {@code {"type": "resnet", "depth": 18,
 * "stem_width": 64, "levels": [3, 4, 5]}} (every field optional, with these defaults; the
 * two-stage detector asks for C2 too).
 */
public final class ResNetBackboneProvider implements BackboneProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public ResNetBackboneProvider() {}

    @Override
    public String type() {
        return "resnet";
    }

    @Override
    public Set<String> keys() {
        return Set.of("depth", "stem_width", "levels");
    }

    @Override
    public Backbone create(JsonObject o) {
        return ResNets.scaled(
                DetectorSpec.field(o, "depth", 18, 1, 1000, null, "backbone.depth"),
                DetectorSpec.field(o, "stem_width", 64, 1, DetectorSpec.MAX_CHANNELS, null, "backbone.stem_width"),
                o.has("levels") ? levels(o) : new Integer[] {3, 4, 5});
    }

    private static Integer[] levels(JsonObject o) {
        if (!o.get("levels").isJsonArray() || o.getAsJsonArray("levels").isEmpty()) {
            throw new IllegalArgumentException("backbone.levels must be a list of stage numbers in 2..5, got " + o.get("levels"));
        }
        Integer[] l = new Integer[o.getAsJsonArray("levels").size()];
        for (int i = 0; i < l.length; i++) {
            JsonElement e = o.getAsJsonArray("levels").get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble())
                    || e.getAsInt() < 2 || e.getAsInt() > 5) {
                throw new IllegalArgumentException("backbone.levels must be a list of stage numbers in 2..5, got " + o.get("levels"));
            }
            l[i] = e.getAsInt();
        }
        return l;
    }
}
