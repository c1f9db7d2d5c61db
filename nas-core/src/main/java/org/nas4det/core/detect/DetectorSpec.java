package org.nas4det.core.detect;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.MalformedJsonException;
import org.nas4det.core.nn.Backbone;

/**
 * The saved description of a detector: head type, backbone (by a type name and its own JSON),
 * widths and the training resolution. Written as {@code detector.json} next to
 * {@code detector.params}, so a trained model can be loaded again in another process. Backbone
 * types come from the {@link BackboneProvider}s on the class path ({@code "resnet"} in this
 * module, {@code "detnas"} and {@code "maedet"} in the method modules).
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

    /** The head types {@code "head"} may name. */
    public static final java.util.List<String> HEADS = java.util.List.of("fcos", "retinanet", "gfl", "faster_rcnn");

    /**
     * The top-level keys of a spec: any other key is a typo, an error rather than silently ignored.
     * A saved model's {@code detector.json} adds its categories and provenance, which the spec
     * itself does not read, so that such a file is a valid spec too.
     */
    private static final Set<String> KEYS = Set.of("head", "backbone", "channels", "tower_depth", "input_size", "giou",
            "gfl_v2", "towers", "fc_width", "rois_per_image", "proposals_train", "proposals_test",
            "category_ids", "category_names", "provenance");

    /** The keys a user writes, for messages. */
    private static final Set<String> SPEC_KEYS = Set.of("head", "backbone", "channels", "tower_depth", "input_size", "giou",
            "gfl_v2", "towers", "fc_width", "rois_per_image", "proposals_train", "proposals_test");

    /** Sanity cap on widths ({@code channels}, {@code stem_width}). */
    static final int MAX_CHANNELS = 65_536;

    /** Sanity cap on {@code input_size}, the image side trained and evaluated at (the floor is 32). */
    public static final int MAX_INPUT_SIZE = 8_192;

    private final JsonObject json;

    private DetectorSpec(JsonObject json) {
        this.json = json;
    }

    /**
     * Returns the backbone types on the class path: every {@link BackboneProvider} listed in a
     * {@code META-INF/services/org.nas4det.core.detect.BackboneProvider} file (found once, on first
     * use, with the context class loader and this class's loader).
     *
     * @return the type names, sorted
     * @throws IllegalStateException when two providers claim the same type
     */
    public static Set<String> backboneTypes() {
        return Providers.BY_TYPE.keySet();
    }

    /**
     * Returns the towers types on the class path: every {@link TowersProvider} listed in a
     * {@code META-INF/services/org.nas4det.core.detect.TowersProvider} file.
     *
     * @return the type names, sorted
     */
    public static Set<String> towersTypes() {
        return Providers.TOWERS.keySet();
    }

    /**
     * Reads a spec file.
     *
     * @param file the JSON file
     * @return the spec
     * @throws MalformedJsonException for malformed JSON or missing fields
     */
    public static DetectorSpec read(Path file) {
        DetectorSpec s = new DetectorSpec(JsonFiles.readObject(file, "the detector"));
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
        if (!HEADS.contains(head)) {
            throw bad(file, "head", "'" + head + "' is not a head: use one of " + HEADS);
        }
        field(json, "channels", 256, 1, MAX_CHANNELS, file, "channels");
        field(json, "tower_depth", 4, 0, 64, file, "tower_depth");
        field(json, "input_size", 128, 32, MAX_INPUT_SIZE, file, "input_size");
        for (String flag : new String[] {"giou", "gfl_v2"}) {
            if (json.has(flag) && !(json.get(flag).isJsonPrimitive() && json.get(flag).getAsJsonPrimitive().isBoolean())) {
                throw bad(file, flag, "must be true or false, got " + json.get(flag));
            }
        }
        field(json, "fc_width", 1024, 1, MAX_CHANNELS, file, "fc_width");
        field(json, "rois_per_image", 512, 1, 100_000, file, "rois_per_image");
        field(json, "proposals_train", 2000, 1, 1_000_000, file, "proposals_train");
        field(json, "proposals_test", 1000, 1, 1_000_000, file, "proposals_test");
        if (!json.has("backbone") || !json.get("backbone").isJsonObject()) {
            throw bad(file, "backbone", "missing object {\"type\": ..}");
        }
        JsonObject backbone = json.getAsJsonObject("backbone");
        String type = textField(file, backbone, "type", "", "backbone.type");
        if (!Providers.BY_TYPE.containsKey(type)) {
            throw bad(file, "backbone.type", "'" + type + "' is not a known backbone type " + backboneTypes()
                    + " (a module adds types with a META-INF/services entry for " + BackboneProvider.class.getName() + ")");
        }
        if (json.has("towers")) {
            String t = json.get("towers").isJsonObject() && json.getAsJsonObject("towers").has("type")
                    ? json.getAsJsonObject("towers").get("type").getAsString() : "";
            if (!Providers.TOWERS.containsKey(t)) {
                throw bad(file, "towers.type", "'" + t + "' is not a known towers type " + towersTypes());
            }
        }
        Set<String> known = Providers.BY_TYPE.get(type).keys();
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
            Providers.BY_TYPE.get(type).create(backbone);
        } catch (MalformedJsonException e) {
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
    static int field(JsonObject o, String key, int dflt, int min, int max, Path file, String field) {
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
        return file == null ? new FieldException(field, problem) : new MalformedJsonException(file, "field '" + field + "'", problem);
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
        JsonObject b = json.getAsJsonObject("backbone").deepCopy();
        if (head().equals("faster_rcnn") && b.get("type").getAsString().equals("resnet") && !b.has("levels")) {
            // the FPN of the two-stage reference configs starts at C2
            com.google.gson.JsonArray l = new com.google.gson.JsonArray();
            for (int k = 2; k <= 5; k++) {
                l.add(k);
            }
            b.add("levels", l);
        }
        Backbone backbone = Providers.BY_TYPE.get(b.get("type").getAsString()).create(b);
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
        if (json.has("towers")) {
            JsonObject t = json.getAsJsonObject("towers");
            builder.optTowers(Providers.TOWERS.get(t.get("type").getAsString()).create(t, integer("channels", 256)));
        }
        return builder.optChannels(integer("channels", 256)).optTowerDepth(integer("tower_depth", 4))
                .optGiouRegression(json.has("giou") && json.get("giou").getAsBoolean())
                .optGflV2(json.has("gfl_v2") && json.get("gfl_v2").getAsBoolean()).build();
    }

    /** The providers, loaded when first needed (the holder idiom makes this lazy and thread-safe). */
    private static final class Providers {

        static final Map<String, BackboneProvider> BY_TYPE = load(BackboneProvider.class, BackboneProvider::type);
        static final Map<String, TowersProvider> TOWERS = load(TowersProvider.class, TowersProvider::type);

        private static <P> Map<String, P> load(Class<P> service, java.util.function.Function<P, String> type) {
            Map<String, P> m = new TreeMap<>();
            Set<ClassLoader> loaders = new LinkedHashSet<>();
            if (Thread.currentThread().getContextClassLoader() != null) {
                loaders.add(Thread.currentThread().getContextClassLoader());
            }
            loaders.add(DetectorSpec.class.getClassLoader());
            for (ClassLoader cl : loaders) {
                for (P p : ServiceLoader.load(service, cl)) {
                    P old = m.putIfAbsent(type.apply(p), p);
                    if (old != null && old.getClass() != p.getClass()) {
                        throw new IllegalStateException(service.getSimpleName() + " type '" + type.apply(p) + "' is provided by both "
                                + old.getClass().getName() + " and " + p.getClass().getName());
                    }
                }
            }
            return Collections.unmodifiableMap(m);
        }
    }
}
