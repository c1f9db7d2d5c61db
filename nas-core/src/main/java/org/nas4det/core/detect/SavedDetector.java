package org.nas4det.core.detect;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.data.CategoryMap;
import org.nas4det.core.data.CocoRecords;
import org.nas4det.core.data.MalformedAnnotationException;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.MalformedFileException;
import org.nas4det.core.io.MissingFileException;
import org.nas4det.core.io.MalformedJsonException;
import org.nas4det.core.io.RunDirectory;
import org.nas4det.core.nn.LoadedWeights;

/**
 * A trained detector on disk: {@code detector.json} (the {@link DetectorSpec} plus the data
 * set's categories) and {@code detector.params} (DJL parameters), loadable in a new process.
 *
 * <pre>{@code SavedDetector s = SavedDetector.load(Path.of("runs/x/model"), manager); s.detector().predict(...);}</pre>
 */
public final class SavedDetector {

    private final DetectorSpec spec;
    private final CategoryMap categories;
    private final Detector detector;

    private SavedDetector(DetectorSpec spec, CategoryMap categories, Detector detector) {
        this.spec = spec;
        this.categories = categories;
        this.detector = detector;
    }

    /** @return the spec */
    public DetectorSpec spec() {
        return spec;
    }

    /** @return the categories the detector predicts */
    public CategoryMap categories() {
        return categories;
    }

    /** @return the detector, initialised with the saved weights */
    public Detector detector() {
        return detector;
    }

    /**
     * Saves a detector.
     *
     * @param dir the model folder
     * @param spec its spec
     * @param categories the categories it predicts
     * @param detector the trained detector
     */
    public static void save(Path dir, DetectorSpec spec, CategoryMap categories, Detector detector) {
        RunDirectory d = RunDirectory.open(dir);
        JsonObject j = spec.toJson();
        JsonArray ids = new JsonArray();
        JsonArray names = new JsonArray();
        for (int i = 0; i < categories.size(); i++) {
            ids.add(categories.id(i));
            names.add(categories.name(i));
        }
        j.add("category_ids", ids);
        j.add("category_names", names);
        AtomicFiles.writeData(d.file("detector.params"), detector::saveParameters);
        d.writeJsonAtomically("detector.json", j);
    }

    /**
     * Says whether a folder holds a whole saved detector: {@link #save} renames the weights into
     * place and writes {@code detector.json} last, so both files mean a finished write.
     *
     * <pre>{@code if (!SavedDetector.isComplete(dir)) { export again }}</pre>
     *
     * @param dir the model folder
     * @return whether both files are there
     */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve("detector.params")) && Files.isRegularFile(dir.resolve("detector.json"));
    }

    /**
     * Loads a saved detector.
     *
     * @param dir the model folder
     * @param manager owns the weights
     * @return the detector with its spec and categories
     * @throws MissingFileException when {@code detector.json} or {@code detector.params} does not exist
     * @throws MalformedFileException when either cannot be read as a saved detector
     */
    public static SavedDetector load(Path dir, NDManager manager) {
        Path json = dir.resolve("detector.json");
        DetectorSpec spec = DetectorSpec.read(json);
        JsonObject j = spec.toJson();
        if (!j.has("category_ids") || !j.get("category_ids").isJsonArray()) {
            throw new MalformedJsonException(json, null, "missing list 'category_ids': not a saved model");
        }
        JsonArray idList = j.getAsJsonArray("category_ids");
        JsonElement nameElement = j.get("category_names");
        if (nameElement == null || !nameElement.isJsonArray() || nameElement.getAsJsonArray().size() != idList.size()) {
            throw new MalformedJsonException(json, "field 'category_names'", "must list one name per entry of 'category_ids'");
        }
        long[] ids = new long[idList.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            JsonObject wrapped = new JsonObject();
            wrapped.add("id", idList.get(i));
            try {
                ids[i] = CocoRecords.id(json, "category_ids[" + i + "]", wrapped, "id");
            } catch (MalformedAnnotationException e) {
                // The same id rule as COCO files, reported as what this file is: a saved model's JSON.
                throw new MalformedJsonException(json, e.record(), e.problem());
            }
            JsonElement name = nameElement.getAsJsonArray().get(i);
            if (!name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
                throw new MalformedJsonException(json, "category_names[" + i + "]", "must be a string, got " + name);
            }
            names.add(name.getAsString());
        }
        CategoryMap cats = new CategoryMap(ids, names);
        Detector d = spec.build(cats.size());
        int s = spec.inputSize();
        d.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
        try (InputStream is = Files.newInputStream(dir.resolve("detector.params")); DataInputStream in = new DataInputStream(is)) {
            LoadedWeights.load(d, manager, in); // the initial weights it replaces are closed
        } catch (NoSuchFileException e) {
            throw new MissingFileException(dir.resolve("detector.params"), "missing weights file", e);
        } catch (IOException | MalformedModelException e) {
            throw new MalformedFileException(dir.resolve("detector.params"), null,
                    "cannot load the weights: " + (e instanceof java.io.EOFException ? "the file is truncated" : e.getMessage())
                            + " (does detector.json match them?)", e);
        }
        return new SavedDetector(spec, cats, d);
    }
}
