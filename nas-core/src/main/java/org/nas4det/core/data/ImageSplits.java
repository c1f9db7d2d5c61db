package org.nas4det.core.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.io.MalformedJsonException;
import org.nas4det.core.random.SeededRandom;

/**
 * Seeded splits of a data set by image id (e.g. DetNAS: supernet-train / search-val), written to
 * a file so that a resumed or repeated run uses the same images.
 *
 * <pre>{@code ImageSplits s = ImageSplits.loadOrCreate(runDir.resolve("splits.json"), ids, Map.of("train", 0.8, "val", 0.2), 7);}</pre>
 */
public final class ImageSplits {

    private final long seed;
    private final Map<String, List<Long>> splits;

    private ImageSplits(long seed, Map<String, List<Long>> splits) {
        this.seed = seed;
        this.splits = Collections.unmodifiableMap(splits);
    }

    /**
     * Splits image ids: sorted, shuffled with the seed, then cut by the fractions in order (the
     * last split takes the rest).
     *
     * @param imageIds the ids
     * @param fractions split name to fraction, in order; fractions must sum to 1
     * @param seed the seed
     * @return the splits
     */
    public static ImageSplits create(List<Long> imageIds, Map<String, Double> fractions, long seed) {
        double total = fractions.values().stream().mapToDouble(Double::doubleValue).sum();
        if (fractions.isEmpty() || Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + fractions);
        }
        List<Long> ids = new ArrayList<>(new HashSet<>(imageIds));
        Collections.sort(ids);
        Collections.shuffle(ids, new SeededRandom(seed));
        Map<String, List<Long>> out = new LinkedHashMap<>();
        int start = 0;
        int i = 0;
        double cum = 0;
        for (Map.Entry<String, Double> e : fractions.entrySet()) {
            cum += e.getValue();
            int end = ++i == fractions.size() ? ids.size() : (int) Math.round(cum * ids.size());
            List<Long> part = new ArrayList<>(ids.subList(start, end));
            Collections.sort(part);
            out.put(e.getKey(), part);
            start = end;
        }
        return new ImageSplits(seed, out);
    }

    /**
     * Reads the splits from a file if it exists (checking that it covers the same ids), else
     * creates and writes them.
     *
     * @param file the splits file
     * @param imageIds the ids of the data set
     * @param fractions split fractions, in order
     * @param seed the seed
     * @return the splits
     */
    public static ImageSplits loadOrCreate(Path file, List<Long> imageIds, Map<String, Double> fractions, long seed) {
        if (Files.exists(file)) {
            ImageSplits s = read(file);
            Set<Long> saved = new HashSet<>();
            s.splits.values().forEach(saved::addAll);
            if (!saved.equals(new HashSet<>(imageIds)) || !s.splits.keySet().equals(fractions.keySet())) {
                throw new DatasetException(file, null,
                        "the saved splits do not cover this data set's images or split names; delete the file to split again");
            }
            return s;
        }
        ImageSplits s = create(imageIds, fractions, seed);
        s.write(file);
        return s;
    }

    /**
     * Reads splits written by {@link #write(Path)}.
     *
     * @param file the file
     * @return the splits
     */
    public static ImageSplits read(Path file) {
        JsonElement root = JsonFiles.parse(file);
        if (!root.isJsonObject() || !root.getAsJsonObject().has("splits")) {
            throw new MalformedJsonException(file, null, "expected {\"seed\": .., \"splits\": {name: [ids]}}");
        }
        JsonObject o = root.getAsJsonObject();
        if (!o.get("splits").isJsonObject()) {
            throw new MalformedAnnotationException(file, "field 'splits'", "expected {name: [ids]}");
        }
        Map<String, List<Long>> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("splits").entrySet()) {
            if (!e.getValue().isJsonArray()) {
                throw new MalformedAnnotationException(file, "split '" + e.getKey() + "'", "expected a list of image ids");
            }
            List<Long> ids = new ArrayList<>();
            JsonArray list = e.getValue().getAsJsonArray();
            for (int i = 0; i < list.size(); i++) {
                JsonObject wrapped = new JsonObject();
                wrapped.add("id", list.get(i));
                ids.add(CocoRecords.id(file, "split '" + e.getKey() + "' entry " + i, wrapped, "id"));
            }
            m.put(e.getKey(), ids);
        }
        return new ImageSplits(CocoRecords.id(file, null, o, "seed"), m);
    }

    /**
     * Writes the splits atomically.
     *
     * @param file the file
     */
    public void write(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("seed", seed);
        JsonObject s = new JsonObject();
        for (Map.Entry<String, List<Long>> e : splits.entrySet()) {
            JsonArray a = new JsonArray();
            e.getValue().forEach(a::add);
            s.add(e.getKey(), a);
        }
        o.add("splits", s);
        AtomicFiles.writeString(file, JsonText.prettyText(o));
    }

    /**
     * Returns one split's ids.
     *
     * @param name the split name
     * @return its image ids, sorted
     */
    public List<Long> get(String name) {
        List<Long> ids = splits.get(name);
        if (ids == null) {
            throw new IllegalArgumentException("no split '" + name + "', have " + splits.keySet());
        }
        return Collections.unmodifiableList(ids);
    }

    /** @return split names in order */
    public Set<String> names() {
        return splits.keySet();
    }
}
