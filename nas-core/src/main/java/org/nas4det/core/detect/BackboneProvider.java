package org.nas4det.core.detect;

import com.google.gson.JsonObject;
import java.util.Set;
import org.nas4det.core.nn.Backbone;

/**
 * A backbone type that a {@link DetectorSpec} can name in {@code backbone.type}. Providers are
 * found with {@link java.util.ServiceLoader}: a module lists its implementation (with a public
 * no-argument constructor) in {@code META-INF/services/org.nas4det.core.detect.BackboneProvider},
 * so a program that only calls {@link SavedDetector#load} knows every backbone type on its class
 * path without calling into the method modules first.
 *
 * <pre>{@code
 * public final class MyBackboneProvider implements BackboneProvider {
 *     public String type() { return "mine"; }
 *     public Backbone create(JsonObject json) { return MyBackbone.of(json.get("width").getAsInt()); }
 * }
 * }</pre>
 */
public interface BackboneProvider {

    /** @return the name used in {@code backbone.type}, unique on the class path */
    String type();

    /**
     * The keys a backbone's JSON may hold besides {@code type}: a spec naming any other key is
     * rejected, so a typo never falls back to a default silently.
     *
     * @return the keys, or null for a type whose keys are not checked
     */
    default Set<String> keys() {
        return null;
    }

    /**
     * Builds an uninitialised backbone (returning C3..C5) from its JSON.
     *
     * @param json the {@code backbone} object of the spec, {@code type} included
     * @return a new backbone
     * @throws IllegalArgumentException naming the missing or bad field
     */
    Backbone create(JsonObject json);
}
