package org.nas4det.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.StringReader;
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
     * Parses a JSON file strictly (RFC 8259: no comments, single quotes, unquoted keys, {@code =}
     * or {@code ;} separators, NaN or trailing text), decoding it as strict UTF-8. This is the one
     * place the library reads JSON files.
     *
     * @param file the file
     * @return the root element
     * @throws MissingFileException when the file does not exist
     * @throws MalformedJsonException when the file is not valid JSON (with the position of a syntax error)
     * @throws NotUtf8Exception with the byte offset of a non-UTF-8 byte
     */
    public static JsonElement parse(Path file) {
        String text = TextFiles.readUtf8(file);
        try {
            return parseStrict(text);
        } catch (JsonParseException e) {
            throw new MalformedJsonException(file, null, "malformed JSON: " + syntaxMessage(e), e);
        }
    }

    /**
     * Parses JSON text strictly (RFC 8259), as {@link #parse(Path)} does for a file.
     *
     * @param text the JSON text
     * @return the root element
     * @throws JsonParseException with the line and column of a syntax error
     */
    public static JsonElement parseStrict(String text) {
        checkDepth(text);
        // Gson's reader is lenient unless told otherwise: a lenient reader accepts comments,
        // single quotes and unquoted keys, which no other JSON tool reading the same file would.
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                // toString() is "JsonReader at line L column C path P": keep the position.
                throw new JsonSyntaxException("unexpected text after the JSON value"
                        + reader.toString().substring("JsonReader".length()));
            }
            return root;
        } catch (IOException e) {
            throw new JsonSyntaxException(e);
        }
    }

    /**
     * Deepest nesting of lists and objects accepted. COCO files nest four levels; the bound
     * keeps every recursive walk of a parsed value (messages, copies, writers) within the stack.
     */
    public static final int MAX_DEPTH = 256;

    /** Rejects text nested deeper than {@link #MAX_DEPTH}, with the line and column. */
    private static void checkDepth(String text) {
        int depth = 0;
        int line = 1;
        int lineStart = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new JsonSyntaxException("nested deeper than " + MAX_DEPTH + " levels at line " + line + " column "
                            + (i - lineStart + 1));
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
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

    /**
     * The message of a JSON syntax error for a user: the innermost cause's, with Gson's advice
     * to parse leniently and its troubleshooting link replaced by what JSON allows.
     *
     * @param e the error
     * @return the message, with the line and column Gson gives
     */
    public static String syntaxMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        // Gson suggests its lenient mode and a troubleshooting link: neither helps a user whose
        // file is not JSON. Say what JSON allows instead, keeping Gson's position.
        m = m.replaceAll("\\s*See https://\\S+$", "");
        String lenient = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";
        if (m.contains(lenient)) {
            m = m.replace(lenient, "not RFC 8259 JSON (keys and strings in double quotes, ':' and ',' separators,"
                    + " no comments, no NaN, one value per file)");
        }
        return m;
    }
}
