package org.nas4det.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder one search writes into: {@code search.jsonl} (one line per evaluated candidate),
 * {@code checkpoint.json} (strategy state, written atomically), {@code best.json}, plots and the
 * method's own files.
 *
 * <pre>{@code RunDirectory dir = RunDirectory.open(Path.of("runs/x")); dir.writeJsonAtomically("best.json", o);}</pre>
 */
public final class RunDirectory {

    /** The candidate log. */
    public static final String LOG = "search.jsonl";
    /** The strategy state. */
    public static final String CHECKPOINT = "checkpoint.json";
    /** The best architecture and its metrics. */
    public static final String BEST = "best.json";

    /** What a user can do about a damaged file, when its owner has no better advice. */
    private static final String REMEDY =
            "delete the file to redo the step it records, or start again in an empty directory";

    private static final Logger LOGGER = LoggerFactory.getLogger(RunDirectory.class);

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates a new run directory in the system's temporary folder, for a method run without
     * {@code optRunDirectory}: its files still exist, and the log names the folder.
     *
     * <pre>{@code Path root = RunDirectory.temporary("fad-");}</pre>
     *
     * @param prefix the folder name's start, e.g. {@code "fad-"}
     * @return the new folder
     * @throws UncheckedIOException when it cannot be created
     */
    public static Path temporary(String prefix) {
        try {
            Path p = Files.createTempDirectory(prefix);
            LOGGER.info("no run directory given: writing the run to {}", p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary run directory", e);
        }
    }

    /**
     * The file that marks each kind of run, in the order a directory is told apart by: the first
     * present names whose run the directory holds. A generational search's checkpoint comes last,
     * since DetNAS keeps one beside its settings; alone it is a MAE-DET search's.
     */
    private static final String[][] RUN_MARKERS = {
        {"quickstart.json", "a quick start"},
        {"fad.json", "a FAD run"},
        {"spnas.json", "an SP-NAS run"},
        {"detnas.json", "a DetNAS run"},
        {CHECKPOINT, "a MAE-DET search"},
    };

    /**
     * Refuses a directory that holds another method's run: the methods share file names
     * ({@code detector/}, {@code data/}, {@code splits.json}), and one would overwrite or delete
     * the other's results. Called before anything is written; a folder that does not exist passes.
     *
     * <pre>{@code RunDirectory.requireOwnRun(root, "fad.json", "a FAD run");}</pre>
     *
     * @param root the run directory
     * @param marker the calling method's own marker file ({@code fad.json}, {@code spnas.json},
     *     {@code detnas.json}, {@code quickstart.json}, or {@link #CHECKPOINT} for MAE-DET)
     * @param what the calling method's run, for the message ("a FAD run")
     * @throws RunDirectoryConflictException naming the run the directory holds
     */
    public static void requireOwnRun(Path root, String marker, String what) {
        if (!Files.isDirectory(root)) {
            return;
        }
        for (String[] m : RUN_MARKERS) {
            if (Files.exists(root.resolve(m[0]))) {
                if (!m[0].equals(marker)) {
                    throw new RunDirectoryConflictException("run directory " + root + " holds " + m[1] + " (" + m[0] + "), not "
                            + what + ": it would overwrite that run's files; use another directory");
                }
                return;
            }
        }
    }

    /**
     * Opens (creating if needed) a run directory.
     *
     * @param root the folder
     * @return the run directory
     */
    public static RunDirectory open(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root, e);
        }
        return new RunDirectory(root);
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /**
     * Resolves a file inside the folder.
     *
     * @param name the file name
     * @return its path
     */
    public Path file(String name) {
        return root.resolve(name);
    }

    /** @return whether the folder already holds a search (a log or a checkpoint) */
    public boolean holdsSearch() {
        return Files.exists(file(CHECKPOINT)) || holdsLog();
    }

    /** @return whether the candidate log holds anything, even a torn line */
    public boolean holdsLog() {
        try {
            return Files.exists(file(LOG)) && Files.size(file(LOG)) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a JSON file atomically: a temporary file in the same folder, then a rename, so a
     * kill at any moment leaves either the old or the new file, never half of one.
     *
     * @param name the file name
     * @param json the content
     */
    public void writeJsonAtomically(String name, JsonObject json) {
        writeAtomically(name, JsonText.prettyText(json));
    }

    /**
     * Writes a text file atomically.
     *
     * @param name the file name
     * @param text the content
     */
    public void writeAtomically(String name, String text) {
        AtomicFiles.writeString(file(name), text);
    }

    /**
     * Removes a file of the folder if it is there.
     *
     * <pre>{@code dir.delete("splits.json");}</pre>
     *
     * @param name the file name
     * @throws UncheckedIOException naming the file when it cannot be removed
     */
    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(name), e);
        }
    }

    /**
     * Reads a JSON file of the folder.
     *
     * @param name the file name
     * @return the object, or null when the file does not exist
     * @throws DamagedRunDirectoryException naming the file when it is empty, truncated or not a
     *     JSON object
     */
    public JsonObject readJson(String name) {
        Path p = file(name);
        if (!Files.exists(p)) {
            return null;
        }
        try {
            // Our own output, read as Gson wrote it (a metric may be NaN, which strict JSON forbids).
            JsonElement e = JsonParser.parseString(TextFiles.readUtf8(p));
            if (!e.isJsonObject()) {
                throw new DamagedRunDirectoryException(p, e.isJsonNull() ? "it is empty" : "it is not a JSON object", REMEDY);
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | NotUtf8Exception e) {
            throw new DamagedRunDirectoryException(p, "not valid JSON (" + JsonFiles.syntaxMessage(e) + ")", REMEDY);
        }
    }
}
