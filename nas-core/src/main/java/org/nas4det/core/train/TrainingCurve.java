package org.nas4det.core.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A listener that appends each step's losses, learning rate and gradient norm to a JSON-lines
 * file, and reads such a file back as a curve. A resumed training appends the steps after its
 * checkpoint again; {@link #read} keeps the last line of each iteration, so the curve of a killed
 * and resumed run is the curve of an uninterrupted one.
 *
 * <pre>{@code
 * trainer.addListener(new TrainingCurve(out.resolve("losses.jsonl")));
 * SortedMap<Integer, Double> loss = TrainingCurve.read(out.resolve("losses.jsonl"));
 * }</pre>
 */
public final class TrainingCurve implements TrainingListener {

    private final Path file;

    /**
     * Creates the listener.
     *
     * @param file the JSON-lines file (created with its folder when absent)
     */
    public TrainingCurve(Path file) {
        this.file = file;
    }

    @Override
    public void onStep(TrainingStep s) {
        JsonObject o = new JsonObject();
        o.addProperty("iteration", s.iteration());
        o.addProperty("loss", s.totalLoss());
        for (Map.Entry<String, Float> e : s.losses().entrySet()) {
            o.addProperty(e.getKey(), e.getValue());
        }
        o.addProperty("lr", s.learningRate());
        if (Float.isFinite(s.gradientNorm())) {
            o.addProperty("grad_norm", s.gradientNorm());
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(o.toString());
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the training curve " + file, e);
        }
    }

    /**
     * Reads the total loss of each iteration.
     *
     * @param file a file this listener wrote
     * @return iteration to total loss, empty when the file does not exist; a torn last line is skipped
     */
    public static SortedMap<Integer, Double> read(Path file) {
        SortedMap<Integer, Double> curve = new TreeMap<>();
        if (!Files.exists(file)) {
            return curve;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    // Later lines win: they are the resumed run's steps.
                    curve.put(o.get("iteration").getAsInt(), o.get("loss").getAsDouble());
                } catch (JsonParseException | IllegalStateException | NullPointerException | NumberFormatException e) {
                    // A kill can tear the last line; the step is written again after the resume.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training curve " + file, e);
        }
        return curve;
    }
}
