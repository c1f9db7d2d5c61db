package org.nas4det.core.detect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.eval.CocoJson;
import org.nas4det.core.nn.Backbone;
import org.nas4det.core.nn.resnet.ResNets;

/**
 * The saved description of a detector: head type, backbone (by a registered type name and its
 * own JSON), widths and the training resolution. Written as {@code detector.json} next to
 * {@code detector.params}, so a trained model can be loaded again in another process. Method
 * modules register their backbone types ({@code "resnet"} is built in).
 *
 * <pre>{@code
 * DetectorSpec spec = DetectorSpec.read(Path.of("arch.json"));
 * Detector d = spec.build(5);
 * }</pre>
 *
 * <p>Example: {@code {"head": "fcos", "backbone": {"type": "resnet", "depth": 18, "stem_width": 16},
 * "channels": 64, "tower_depth": 2, "input_size": 128}}
 */
public final class DetectorSpec {

    private static final Map<String, Function<JsonObject, Backbone>> BACKBONES = new ConcurrentHashMap<>();

    /** The keys each backbone type reads; a type registered without them is not checked. */
    private static final Map<String, Set<String>> BACKBONE_KEYS = new ConcurrentHashMap<>();

    /**
     * The top-level keys of a spec: any other key is a typo, an error rather than silently ignored.
     * A saved model's {@code detector.json} adds its categories and provenance, which the spec
     * itself does not read, so that such a file is a valid spec too.
     */
    private static final Set<String> KEYS = Set.of("head", "backbone", "channels", "tower_depth", "input_size", "giou",
            "category_ids", "category_names", "provenance");

    /** The keys a user writes, for messages. */
    private static final Set<String> SPEC_KEYS = Set.of("head", "backbone", "channels", "tower_depth", "input_size", "giou");

    /** Sanity cap on widths ({@code channels}, {@code stem_width}). */
    private static final int MAX_CHANNELS = 65_536;

    /** Sanity cap on {@code input_size}, the image side trained and evaluated at. */
    private static final int MAX_INPUT_SIZE = 8_192;

    static {
        registerBackbone("resnet", Set.of("depth", "stem_width"), o -> ResNets.scaled(
                field(o, "depth", 18, 1, 1000, null, "backbone.depth"),
                field(o, "stem_width", 64, 1, MAX_CHANNELS, null, "backbone.stem_width"),
                3, 4, 5));
    }

    private final JsonObject json;

    private DetectorSpec(JsonObject json) {
        this.json = json;
    }

    /**
     * Registers a backbone type.
     *
     * @param type the name used in {@code backbone.type}
     * @param factory builds a backbone (returning C3..C5) from its JSON
     */
    public static void registerBackbone(String type, Function<JsonObject, Backbone> factory) {
        BACKBONES.put(type, factory);
    }

    /**
     * Registers a backbone type and the keys its JSON may hold besides {@code type}: a spec
     * naming any other key is rejected, so a typo never falls back to a default silently.
     *
     * @param type the name used in {@code backbone.type}
     * @param keys the keys the factory reads
     * @param factory builds a backbone (returning C3..C5) from its JSON; throws
     *     {@link IllegalArgumentException} for a bad value
     */
    public static void registerBackbone(String type, Set<String> keys, Function<JsonObject, Backbone> factory) {
        BACKBONE_KEYS.put(type, Set.copyOf(keys));
        BACKBONES.put(type, factory);
    }

    /**
     * Reads a spec file.
     *
     * @param file the JSON file
     * @return the spec
     * @throws MalformedAnnotationException for malformed JSON or missing fields
     */
    public static DetectorSpec read(Path file) {
        JsonElement e = CocoJson.parse(file);
        if (!e.isJsonObject()) {
            throw new MalformedAnnotationException(file, null, "expected a JSON object describing the detector");
        }
        DetectorSpec s = new DetectorSpec(e.getAsJsonObject());
        s.validate(file);
        return s;
    }

    /**
     * Creates a spec from JSON.
     *
     * @param json the description
     * @return the spec
     */
    public static DetectorSpec of(JsonObject json) {
        DetectorSpec s = new DetectorSpec(json.deepCopy());
        s.validate(null);
        return s;
    }

    private void validate(Path file) {
        for (String key : json.keySet()) {
            if (!KEYS.contains(key)) {
                throw bad(file, key, "unknown key (known: " + new TreeSet<>(SPEC_KEYS) + ")");
            }
        }
        String head = textField(file, json, "head", "fcos", "head");
        if (!head.equals("fcos") && !head.equals("retinanet")) {
            throw bad(file, "head", "'" + head + "' is not a head: use fcos or retinanet");
        }
        field(json, "channels", 256, 1, MAX_CHANNELS, file, "channels");
        field(json, "tower_depth", 4, 0, 64, file, "tower_depth");
        field(json, "input_size", 128, 32, MAX_INPUT_SIZE, file, "input_size");
        if (json.has("giou") && !(json.get("giou").isJsonPrimitive() && json.get("giou").getAsJsonPrimitive().isBoolean())) {
            throw bad(file, "giou", "must be true or false, got " + json.get("giou"));
        }
        if (!json.has("backbone") || !json.get("backbone").isJsonObject()) {
            throw bad(file, "backbone", "missing object {\"type\": ..}");
        }
        JsonObject backbone = json.getAsJsonObject("backbone");
        String type = textField(file, backbone, "type", "", "backbone.type");
        if (!BACKBONES.containsKey(type)) {
            throw bad(file, "backbone.type", "'" + type + "' is not a known backbone type " + new TreeMap<>(BACKBONES).keySet());
        }
        Set<String> known = BACKBONE_KEYS.get(type);
        if (known != null) {
            for (String key : backbone.keySet()) {
                if (!key.equals("type") && !known.contains(key)) {
                    throw bad(file, "backbone." + key, "unknown key for a '" + type + "' backbone (known: type, "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }
        // Building the (uninitialised) backbone is cheap and runs every check its factory has,
        // so a bad value is reported now, naming the file, not when training starts.
        try {
            BACKBONES.get(type).apply(backbone);
        } catch (MalformedAnnotationException e) {
            throw e;
        } catch (FieldException e) {
            throw bad(file, e.field, e.problem);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw bad(file, "backbone", e.getMessage());
        }
    }

    /**
     * Reads an optional integer field within bounds.
     *
     * @param o the JSON object
     * @param key the key
     * @param dflt the value when absent
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @param file the spec file, for the message, or null
     * @param field the field's full name, for the message
     * @return the value
     */
    private static int field(JsonObject o, String key, int dflt, int min, int max, Path file, String field) {
        JsonElement v = o.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw bad(file, field, "must be an integer, got " + v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v.getAsString());
        if (d.stripTrailingZeros().scale() > 0) {
            throw bad(file, field, "must be an integer, got " + v);
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(min)) < 0 || d.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw bad(file, field, "must be in [" + min + ", " + max + "], got " + v);
        }
        return d.intValueExact();
    }

    private static String textField(Path file, JsonObject o, String key, String dflt, String field) {
        JsonElement v = o.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw bad(file, field, "must be a string, got " + v);
        }
        return v.getAsString();
    }

    private static IllegalArgumentException bad(Path file, String field, String problem) {
        return file == null ? new FieldException(field, problem) : new MalformedAnnotationException(file, "field '" + field + "'", problem);
    }

    /** A bad field of a spec that has no file (built in code, or checked inside a backbone factory). */
    private static final class FieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final String problem;

        FieldException(String field, String problem) {
            super("detector spec field '" + field + "': " + problem);
            this.field = field;
            this.problem = problem;
        }
    }

    private String string(String key, String dflt) {
        return json.has(key) ? json.get(key).getAsString() : dflt;
    }

    private int integer(String key, int dflt) {
        return json.has(key) ? json.get(key).getAsInt() : dflt;
    }

    /** @return the head type */
    public String head() {
        return string("head", "fcos");
    }

    /** @return the training and evaluation image size (short side and longest side) */
    public int inputSize() {
        return integer("input_size", 128);
    }

    /** @return the JSON form (a copy) */
    public JsonObject toJson() {
        return json.deepCopy();
    }

    /**
     * Returns a copy with a field set.
     *
     * @param key the field
     * @param value its value
     * @return the new spec
     */
    public DetectorSpec with(String key, JsonElement value) {
        JsonObject j = json.deepCopy();
        j.add(key, value);
        return new DetectorSpec(j);
    }

    /**
     * Builds the (uninitialised) detector.
     *
     * @param numClasses classes of the data set
     * @return the detector
     */
    public Detector build(int numClasses) {
        JsonObject b = json.getAsJsonObject("backbone");
        Backbone backbone = BACKBONES.get(b.get("type").getAsString()).apply(b);
        Detector.Builder builder = head().equals("retinanet")
                ? Detector.retinanet(backbone, numClasses)
                : Detector.fcos(backbone, numClasses);
        return builder.optChannels(integer("channels", 256)).optTowerDepth(integer("tower_depth", 4))
                .optGiouRegression(json.has("giou") && json.get("giou").getAsBoolean()).build();
    }
}
