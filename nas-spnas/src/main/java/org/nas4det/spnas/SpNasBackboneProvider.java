package org.nas4det.spnas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nas4det.core.detect.BackboneProvider;
import org.nas4det.core.nn.Backbone;

/**
 * The {@code "spnas"} backbone type of {@link org.nas4det.core.detect.DetectorSpec}:
 * {@code {"type": "spnas", "arch": "r_111-2111-211111-211_0-0-0-0", "width": 64, "shared_copies": false, "first_level": 3}}
 * builds the serial backbone with its parallel copies; the FPN reads C{@code first_level} up to
 * C(L+1) of an L-stage code: 3 (default) for the one-stage heads, 2 for Faster R-CNN (the
 * reference's {@code out_indices = range(num_stages)}). Found by {@link java.util.ServiceLoader}.
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
        return Set.of("arch", "width", "shared_copies", "first_level");
    }

    @Override
    public Backbone create(JsonObject o) {
        if (!o.has("arch") || !o.get("arch").isJsonPrimitive()) {
            throw new IllegalArgumentException("an 'spnas' backbone needs 'arch': the arch string, e.g. r_111-2111-211111-211_0-0-0-0");
        }
        SpNasArch arch = SpNasArch.parse(o.get("arch").getAsString());
        int first = 3;
        if (o.has("first_level")) {
            JsonElement f = o.get("first_level");
            if (!f.isJsonPrimitive() || !f.getAsJsonPrimitive().isNumber() || (f.getAsDouble() != 2 && f.getAsDouble() != 3)) {
                throw new IllegalArgumentException("backbone.first_level must be 2 (C2, Faster R-CNN) or 3 (C3), got " + f);
            }
            first = f.getAsInt();
        }
        List<Integer> stages = new ArrayList<>();
        for (int s = first - 2; s < arch.serialCode().stages(); s++) {
            stages.add(s);
        }
        return SerialBackbone.builder(arch)
                .optWidth(o.has("width") ? o.get("width").getAsInt() : 64)
                .optSharedCopies(o.has("shared_copies") && o.get("shared_copies").getAsBoolean())
                .optOutputs(stages)
                .build();
    }
}
