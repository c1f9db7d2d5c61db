package org.nas4det.detnas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.nas4det.core.detect.BackboneProvider;
import org.nas4det.core.nn.Backbone;

/**
 * The {@code "detnas"} backbone type of {@link org.nas4det.core.detect.DetectorSpec}:
 * {@code {"type": "detnas", "space": {...}, "arch": [...]}} builds the standalone subnet (the
 * space defaults to {@link DetNasSpace#small()}; {@code arch} is an int list, or a YAML / JSON
 * file). Found by {@link java.util.ServiceLoader}.
 */
public final class DetNasBackboneProvider implements BackboneProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public DetNasBackboneProvider() {}

    @Override
    public String type() {
        return "detnas";
    }

    @Override
    public java.util.Set<String> keys() {
        return java.util.Set.of("space", "arch");
    }

    @Override
    public Backbone create(JsonObject o) {
        DetNasSpace space = o.has("space") && o.get("space").isJsonObject()
                ? DetNasSpace.fromJson(o.getAsJsonObject("space"), "backbone field 'space'") : DetNasSpace.small();
        if (!o.has("arch")) {
            throw new IllegalArgumentException("a 'detnas' backbone needs 'arch': an int list, or a YAML / JSON file");
        }
        JsonElement a = o.get("arch");
        return DetNas.standalone(space, a.isJsonArray() ? a.toString() : a.getAsString());
    }
}
