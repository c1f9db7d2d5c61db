package org.nas4det.core.detect;

import com.google.gson.JsonObject;
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
    public Backbone create(JsonObject o) {
        return ResNets.scaled(
                o.has("depth") ? o.get("depth").getAsInt() : 18,
                o.has("stem_width") ? o.get("stem_width").getAsInt() : 64,
                o.has("levels") ? levels(o) : new Integer[] {3, 4, 5});
    }

    private static Integer[] levels(JsonObject o) {
        Integer[] l = new Integer[o.getAsJsonArray("levels").size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = o.getAsJsonArray("levels").get(i).getAsInt();
        }
        return l;
    }
}
