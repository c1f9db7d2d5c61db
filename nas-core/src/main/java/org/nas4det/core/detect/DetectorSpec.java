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
 *
 * <p>{@code "head"} is one of {@link #HEADS}; GFL takes {@code "gfl_v2": true} for GFLV2's
 * quality predictor. Faster R-CNN reads, besides, {@code "fc_width"}
 * (1024), {@code "rois_per_image"} (512), {@code "proposals_train"} (2000 per level before NMS and
 * per image after) and {@code "proposals_test"} (1000); with the {@code "resnet"} backbone its FPN
 * starts at C2 unless {@code backbone.levels} says otherwise.
 */
public final class DetectorSpec {

    private static final Map<String, Function<JsonObject, Backbone>> BACKBONES = new ConcurrentHashMap<>();

    static {
        registerBackbone("resnet", o -> ResNets.scaled(
                o.has("depth") ? o.get("depth").getAsInt() : 18,
                o.has("stem_width") ? o.get("stem_width").getAsInt() : 64,
                o.has("levels") ? levels(o) : new Integer[] {3, 4, 5}));
    }

    /** The head types {@code "head"} may name. */
    public static final java.util.List<String> HEADS = java.util.List.of("fcos", "retinanet", "gfl", "faster_rcnn");

    private final JsonObject json;

    private static Integer[] levels(JsonObject o) {
        Integer[] l = new Integer[o.getAsJsonArray("levels").size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = o.getAsJsonArray("levels").get(i).getAsInt();
        }
        return l;
    }

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
        if (!HEADS.contains(head)) {
            throw bad(file, "head", "'" + head + "' is not a head: use one of " + HEADS);
        }
        if (!json.has("backbone") || !json.get("backbone").isJsonObject()) {
            throw bad(file, "backbone", "missing object {\"type\": ..}");
        }
        String type = json.getAsJsonObject("backbone").has("type")
                ? json.getAsJsonObject("backbone").get("type").getAsString() : "";
        if (!BACKBONES.containsKey(type)) {
            throw bad(file, "backbone.type", "'" + type + "' is not a known backbone type " + new TreeMap<>(BACKBONES).keySet());
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
        JsonObject b = json.getAsJsonObject("backbone").deepCopy();
        if (head().equals("faster_rcnn") && b.get("type").getAsString().equals("resnet") && !b.has("levels")) {
            // the FPN of the two-stage reference configs starts at C2
            com.google.gson.JsonArray l = new com.google.gson.JsonArray();
            for (int k = 2; k <= 5; k++) {
                l.add(k);
            }
            b.add("levels", l);
        }
        Backbone backbone = BACKBONES.get(b.get("type").getAsString()).apply(b);
        Detector.Builder builder = Detector.builder(head(), backbone, numClasses);
        if (head().equals("faster_rcnn")) {
            FasterRcnnSettings d = FasterRcnnSettings.torchvision();
            builder.optFasterRcnn(FasterRcnnSettings.builder()
                    .optFcWidth(integer("fc_width", d.fcWidth))
                    .optRois(integer("rois_per_image", d.roisPerImage), d.roiPositiveFraction, d.roiForegroundIou)
                    .optProposals(integer("proposals_train", d.preNmsTrain), integer("proposals_train", d.postNmsTrain),
                            integer("proposals_test", d.preNmsTest), integer("proposals_test", d.postNmsTest))
                    .build());
        }
        return builder.optChannels(integer("channels", 256)).optTowerDepth(integer("tower_depth", 4))
                .optGiouRegression(json.has("giou") && json.get("giou").getAsBoolean())
                .optGflV2(json.has("gfl_v2") && json.get("gfl_v2").getAsBoolean()).build();
    }
}
