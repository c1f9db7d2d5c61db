package org.nas4det.core.detect;

import com.google.gson.JsonObject;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * The built-in {@code "resnet"} backbone type: {@code {"type": "resnet", "depth": 18,
 * "stem_width": 64}} (both fields optional, with these defaults).
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
                3, 4, 5);
    }
}
