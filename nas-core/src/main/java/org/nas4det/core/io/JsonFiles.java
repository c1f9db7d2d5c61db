package org.nas4det.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads JSON files with errors that name the file and, for a syntax error, the position.
 *
 * <pre>{@code JsonObject o = JsonFiles.readObject(Path.of("runs/x/detector.json"), "a detector description");}</pre>
 */
public final class JsonFiles {

    private JsonFiles() {}

    /**
     * Parses a JSON file.
     *
     * @param file the file
     * @return the root element
     * @throws MalformedJsonException when the file is missing, unreadable or not valid JSON (with
     *     the position of a syntax error)
     */
    public static JsonElement parse(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r);
        } catch (NoSuchFileException e) {
            throw new MalformedJsonException(file, null, "file does not exist", e);
        } catch (IOException e) {
            throw new MalformedJsonException(file, null, "cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new MalformedJsonException(file, null, "malformed JSON: " + rootMessage(e), e);
        }
    }

    /**
     * Parses a JSON file whose root must be an object.
     *
     * @param file the file
     * @param what what the object describes, for the message (e.g. {@code "the detector"})
     * @return the root object
     * @throws MalformedJsonException as {@link #parse(Path)}, or when the root is not an object
     */
    public static JsonObject readObject(Path file, String what) {
        JsonElement e = parse(file);
        if (!e.isJsonObject()) {
            throw new MalformedJsonException(file, null, "expected a JSON object describing " + what);
        }
        return e.getAsJsonObject();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
