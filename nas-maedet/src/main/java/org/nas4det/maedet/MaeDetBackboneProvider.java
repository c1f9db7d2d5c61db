package org.nas4det.maedet;

import com.google.gson.JsonObject;
import org.nas4det.core.detect.BackboneProvider;
import org.nas4det.core.nn.Backbone;

/**
 * The {@code "maedet"} backbone type of {@link org.nas4det.core.detect.DetectorSpec}:
 * {@code {"type": "maedet", "structure": "[...]"}} (the structure as TinyNAS text). Found by
 * {@link java.util.ServiceLoader}.
 */
public final class MaeDetBackboneProvider implements BackboneProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public MaeDetBackboneProvider() {}

    @Override
    public String type() {
        return "maedet";
    }

    @Override
    public java.util.Set<String> keys() {
        return java.util.Set.of("structure");
    }

    @Override
    public Backbone create(JsonObject o) {
        if (!o.has("structure") || !o.get("structure").isJsonPrimitive()) {
            throw new IllegalArgumentException("a 'maedet' backbone needs 'structure': the structure as TinyNAS text");
        }
        return MaeDetBackbone.of(MaeDetStructure.parse(o.get("structure").getAsString()));
    }
}
