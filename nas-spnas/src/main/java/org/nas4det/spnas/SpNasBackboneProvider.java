package org.nas4det.spnas;

import com.google.gson.JsonObject;
import java.util.Set;
import org.nas4det.core.detect.BackboneProvider;
import org.nas4det.core.nn.Backbone;

/**
 * The {@code "spnas"} backbone type of {@link org.nas4det.core.detect.DetectorSpec}:
 * {@code {"type": "spnas", "arch": "r_111-2111-211111-211_0-0-0-0", "width": 64, "shared_copies": false}}
 * builds the serial backbone with its parallel copies. Found by {@link java.util.ServiceLoader}.
 */
public final class SpNasBackboneProvider implements BackboneProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public SpNasBackboneProvider() {}

    @Override
    public String type() {
        return DetectorRecipe.TYPE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("arch", "width", "shared_copies");
    }

    @Override
    public Backbone create(JsonObject o) {
        if (!o.has("arch") || !o.get("arch").isJsonPrimitive()) {
            throw new IllegalArgumentException("an 'spnas' backbone needs 'arch': the arch string, e.g. r_111-2111-211111-211_0-0-0-0");
        }
        return SerialBackbone.builder(SpNasArch.parse(o.get("arch").getAsString()))
                .optWidth(o.has("width") ? o.get("width").getAsInt() : 64)
                .optSharedCopies(o.has("shared_copies") && o.get("shared_copies").getAsBoolean())
                .build();
    }
}
