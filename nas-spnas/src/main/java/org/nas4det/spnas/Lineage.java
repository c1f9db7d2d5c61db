package org.nas4det.spnas;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.JsonFiles;

/**
 * Where each proposed candidate's weights come from, kept as one small JSON file per candidate in
 * the step's {@code lineage/} folder. The search (the driver) writes a candidate's file when it
 * proposes it, before the candidate is evaluated; the evaluator reads it, in the driver or on a
 * Spark worker that sees the run directory on a shared file system, or reads the staged copy
 * ({@link #readStaged}). So the parent, which is the search's state, travels by path and never by
 * task, and a candidate's result is a function of its architecture and this file only.
 *
 * <pre>{@code new Lineage(dir.resolve("lineage")).write(child, parent); Lineage.Parent p = lineage.read(child);}</pre>
 */
final class Lineage {

    /**
     * The parent a candidate inherits from.
     *
     * @param index the parent's log index
     * @param model the parent's trained detector folder
     * @param reignitions reignitions done before the candidate was proposed
     */
    record Parent(int index, Path model, int reignitions) {}

    private final Path folder;

    Lineage(Path folder) {
        this.folder = folder;
    }

    /** @return the folder of the lineage files */
    Path folder() {
        return folder;
    }

    /**
     * Records a proposed candidate's parent (atomically: a reader sees the old or the new file).
     *
     * @param child the candidate
     * @param parent its parent, or null for one that trains from its initialisation (the seed)
     */
    void write(SpNasArch child, Parent parent) {
        JsonObject o = new JsonObject();
        o.addProperty("arch", child.encode());
        if (parent != null) {
            o.addProperty("parent", parent.index());
            // relative, so a run directory moved or mounted elsewhere still resolves
            o.addProperty("model", folder.toAbsolutePath().relativize(parent.model().toAbsolutePath()).toString());
            o.addProperty("reignitions", parent.reignitions());
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        AtomicFiles.writeString(file(child), o + "\n");
    }

    /**
     * Reads a candidate's parent.
     *
     * @param child the candidate
     * @return its parent, or null for none
     * @throws IllegalStateException when the search did not record the candidate
     */
    Parent read(SpNasArch child) {
        Path f = file(child);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("no lineage file " + f + " for " + child.encode()
                    + ": the search records a candidate's parent before it is evaluated (is the run directory on a"
                    + " file system this worker sees?)");
        }
        return read(f);
    }

    /**
     * @param file a lineage file of this folder
     * @return the parent it names, or null for none
     */
    Parent read(Path file) {
        JsonObject o = JsonFiles.readObject(file, "a lineage file");
        if (!o.has("parent")) {
            return null;
        }
        return new Parent(o.get("parent").getAsInt(), folder.toAbsolutePath().resolve(o.get("model").getAsString()).normalize(), o.get("reignitions").getAsInt());
    }

    /**
     * Reads a candidate's parent from a staged lineage folder; the parent's model, named relative
     * to it, is read through the same files.
     *
     * @param folder the staged lineage folder's location
     * @param child the candidate
     * @param files the worker's files
     * @return its parent, with the local folder its model was read into, or null for none
     */
    static Parent readStaged(String folder, SpNasArch child, FileSource files) {
        JsonObject o = JsonFiles.readObject(files.file(folder + "/" + QuickEvaluator.fileName(child) + ".json"), "the lineage of " + child.encode());
        if (!o.has("parent")) {
            return null;
        }
        String model = folder;
        for (String part : o.get("model").getAsString().split("[/\\\\]")) {
            if (part.equals("..")) {
                model = model.substring(0, model.lastIndexOf('/'));
            } else if (!part.isEmpty() && !part.equals(".")) {
                model = model + "/" + part;
            }
        }
        return new Parent(o.get("parent").getAsInt(), files.folder(model, QuickEvaluator.MODEL_FILES), o.get("reignitions").getAsInt());
    }

    /** @return a relative path with {@code /} between its names, as in a URI */
    static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private Path file(SpNasArch child) {
        return folder.resolve(QuickEvaluator.fileName(child) + ".json");
    }
}
