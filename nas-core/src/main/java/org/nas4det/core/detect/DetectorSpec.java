package org.nas4det.core.detect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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
    private static final Map<String, java.util.function.BiFunction<JsonObject, Integer, HeadTowers>> TOWERS = new ConcurrentHashMap<>();

    static {
        registerBackbone("resnet", o -> ResNets.scaled(
                o.has("depth") ? o.get("depth").getAsInt() : 18,
                o.has("stem_width") ? o.get("stem_width").getAsInt() : 64,
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
     * Registers a type of head towers (a searched head such as FAD's), used by an FCOS spec's
     * optional {@code "towers": {"type": .., ...}} in place of the conv towers.
     *
     * @param type the name used in {@code towers.type}
     * @param factory builds the towers from their JSON and the FPN width
     */
    public static void registerTowers(String type, java.util.function.BiFunction<JsonObject, Integer, HeadTowers> factory) {
        TOWERS.put(type, factory);
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
        String head = string("head", "fcos");
        if (!head.equals("fcos") && !head.equals("retinanet")) {
            throw bad(file, "head", "'" + head + "' is not a head: use fcos or retinanet");
        }
        if (!json.has("backbone") || !json.get("backbone").isJsonObject()) {
            throw bad(file, "backbone", "missing object {\"type\": ..}");
        }
        String type = json.getAsJsonObject("backbone").has("type")
                ? json.getAsJsonObject("backbone").get("type").getAsString() : "";
        if (!BACKBONES.containsKey(type)) {
            throw bad(file, "backbone.type", "'" + type + "' is not a known backbone type " + new TreeMap<>(BACKBONES).keySet());
        }
        if (json.has("towers")) {
            String t = json.get("towers").isJsonObject() && json.getAsJsonObject("towers").has("type")
                    ? json.getAsJsonObject("towers").get("type").getAsString() : "";
            if (!TOWERS.containsKey(t)) {
                throw bad(file, "towers.type", "'" + t + "' is not a known towers type " + new TreeMap<>(TOWERS).keySet());
            }
        }
    }

    private static IllegalArgumentException bad(Path file, String field, String problem) {
        return file == null
                ? new IllegalArgumentException("detector spec field '" + field + "': " + problem)
                : new MalformedAnnotationException(file, "field '" + field + "'", problem);
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
        if (json.has("towers")) {
            JsonObject t = json.getAsJsonObject("towers");
            builder.optTowers(TOWERS.get(t.get("type").getAsString()).apply(t, integer("channels", 256)));
        }
        return builder.optChannels(integer("channels", 256)).optTowerDepth(integer("tower_depth", 4))
                .optGiouRegression(json.has("giou") && json.get("giou").getAsBoolean()).build();
    }
}
