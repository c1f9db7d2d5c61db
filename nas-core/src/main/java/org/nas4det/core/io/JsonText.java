package org.nas4det.core.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Writes a JSON object straight into UTF-8 text ({@link Utf8Buffer}), character for character what Gson's
 * {@code JsonElement.toString()} prints for the same tree (compact, lenient: NaN and infinities as
 * bare words, strings escaped as Gson escapes them, not HTML-safe), without building the tree; a
 * Gson tree given whole ({@link #value(JsonElement)}) is written as {@code Gson.toJson} writes it,
 * without its members whose value is JSON null. Text is UTF-8, a lone surrogate written as {@code
 * '?'} (as {@code String.getBytes} writes it) where a {@code Writer} in UTF-8 would fail.
 * Doubles are written as the shortest text that reads back as the same value, which is what Gson
 * prints on JDK 19 and later; JDK 17's Gson sometimes prints more digits of the same value (see
 * {@link Utf8Buffer#append(double)}). Hot paths that write a line per candidate use it; a test compares it
 * with Gson on random records.
 *
 * <p>{@link #pretty()} indents as Gson's pretty printer does (two spaces a level, a member or
 * element a line, {@code ": "} after a name), without its HTML escaping: the files a run directory
 * holds ({@link RunDirectory#writeJsonAtomically}) are written so, with the code the search log
 * has already made hot.
 *
 * <pre>{@code String line = new JsonText().beginObject().name("index").value(3).endObject().toString();}</pre>
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Utf8Buffer out;
    // Whether the next member or element needs a comma before it (so also: whether the object or
    // array being written has a member or element yet).
    private boolean comma;
    // Pretty printing only: the nesting depth, and whether a name was just written (its value
    // follows on the same line).
    private boolean pretty;
    private int depth;
    private boolean afterName;

    /** Creates a writer on a fresh buffer. */
    public JsonText() {
        this(new Utf8Buffer(256));
    }

    /**
     * Creates a writer that appends to a buffer.
     *
     * @param out the buffer
     */
    public JsonText(Utf8Buffer out) {
        this.out = out;
    }

    /**
     * Indents what follows as Gson's pretty printer does (see the class comment).
     *
     * @return this
     */
    public JsonText pretty() {
        pretty = true;
        return this;
    }

    /** @return this */
    public JsonText beginObject() {
        separate();
        out.append('{');
        open();
        return this;
    }

    /** @return this */
    public JsonText endObject() {
        close();
        out.append('}');
        return this;
    }

    /** @return this */
    public JsonText beginArray() {
        separate();
        out.append('[');
        open();
        return this;
    }

    /** @return this */
    public JsonText endArray() {
        close();
        out.append(']');
        return this;
    }

    private void open() {
        comma = false;
        depth++;
    }

    private void close() {
        depth--;
        if (pretty && comma) {
            newline(); // not in an empty one: {} and []
        }
        comma = true;
    }

    /**
     * A member name escaped and quoted once, for the names a hot path writes on every line: the
     * line's code then appends a constant instead of scanning each name again (and stays small
     * for the JIT).
     *
     * <pre>{@code static final JsonText.Name INDEX = JsonText.Name.of("index"); out.name(INDEX).value(3);}</pre>
     */
    public static final class Name {
        private final byte[] text;

        private Name(byte[] text) {
            this.text = text;
        }

        /**
         * @param name the member's name
         * @return it, escaped and quoted, with the colon
         */
        public static Name of(String name) {
            JsonText t = new JsonText(new Utf8Buffer(name.length() + 3));
            t.string(name);
            return new Name(t.out.append(':').toByteArray());
        }
    }

    /**
     * A part of a string value escaped once, for the parts a hot path writes again and again (the
     * blocks of an architecture's encoding): writing it ({@link #stringPart(Fragment)}) copies its
     * bytes, without scanning its characters again.
     *
     * <pre>{@code JsonText.Fragment f = JsonText.Fragment.of("{'k': 3}"); out.beginString().stringPart(f).endString();}</pre>
     */
    public static final class Fragment {
        private final byte[] text;

        private Fragment(byte[] text) {
            this.text = text;
        }

        /**
         * @param part a part of a string value (not half a surrogate pair)
         * @return it, escaped, without quotes
         */
        public static Fragment of(String part) {
            JsonText t = new JsonText(new Utf8Buffer(part.length() + 8));
            t.stringPart(part);
            return new Fragment(t.out.toByteArray());
        }
    }

    /**
     * Starts a member; its value follows.
     *
     * @param name the member's name, escaped once
     * @return this
     */
    public JsonText name(Name name) {
        separate();
        out.append(name.text);
        named();
        return this;
    }

    /**
     * Starts a member; its value follows.
     *
     * @param name the member's name
     * @return this
     */
    public JsonText name(String name) {
        separate();
        string(name);
        out.append(':');
        named();
        return this;
    }

    private void named() {
        if (pretty) {
            out.append(' ');
            afterName = true;
        }
        comma = false;
    }

    /**
     * @param v an integral value
     * @return this
     */
    public JsonText value(long v) {
        separate();
        out.append(v);
        comma = true;
        return this;
    }

    /**
     * @param v a value; NaN and infinities as Gson's lenient writer prints them
     * @return this
     */
    public JsonText value(double v) {
        separate();
        out.append(v); // Double.toString of JDK 19 and later, as Gson prints a Double there
        comma = true;
        return this;
    }

    /**
     * @param v a boolean value
     * @return this
     */
    public JsonText value(boolean v) {
        return bare(v ? "true" : "false");
    }

    /**
     * Writes a Gson tree as Gson's default writer does, numbers as their own text (doubles too,
     * unlike {@link #value(double)}), leaving out a member whose value is JSON null.
     *
     * @param tree the tree; a null or JSON null is written as {@code null}
     * @return this
     */
    public JsonText value(JsonElement tree) {
        if (tree == null || tree.isJsonNull()) {
            bare("null");
        } else if (tree.isJsonObject()) {
            beginObject();
            for (Map.Entry<String, JsonElement> m : tree.getAsJsonObject().entrySet()) {
                if (!m.getValue().isJsonNull()) {
                    name(m.getKey()).value(m.getValue());
                }
            }
            endObject();
        } else if (tree.isJsonArray()) {
            beginArray();
            for (JsonElement e : tree.getAsJsonArray()) {
                value(e);
            }
            endArray();
        } else {
            JsonPrimitive p = tree.getAsJsonPrimitive();
            if (p.isBoolean()) {
                value(p.getAsBoolean());
            } else if (p.isString()) {
                value(p.getAsString());
            } else {
                // The number's own text, as Gson writes it: a float's 0.01 (not its double's
                // 0.009999999776482582), a double's Double.toString (longer than the shortest on
                // JDK 17 for some values: settings compared as text still match), a parsed one's.
                bare(p.getAsNumber().toString());
            }
        }
        return this;
    }

    /**
     * @param tree a Gson tree
     * @return it as pretty JSON text ({@link #pretty()}), with a newline at the end
     */
    public static String prettyText(JsonElement tree) {
        return new JsonText().pretty().value(tree).out.append('\n').toString();
    }

    /**
     * @param v a string value
     * @return this
     */
    public JsonText value(String v) {
        separate();
        string(v);
        comma = true;
        return this;
    }

    /**
     * Starts a string value written in parts: {@code beginString().stringPart(a).stringPart(b).endString()}
     * writes what {@code value(a + b)} writes, without joining the parts first (a long text made of
     * parts, such as an architecture's encoding, goes into the buffer once).
     *
     * @return this
     */
    public JsonText beginString() {
        separate();
        out.append('"');
        return this;
    }

    /**
     * @param part the next part of a string value begun by {@link #beginString}, escaped as
     *     {@link #value(String)} escapes (a surrogate pair must not be split between two parts)
     * @return this
     */
    public JsonText stringPart(String part) {
        if (plainAscii(part)) {
            out.appendAscii(part);
        } else {
            out.append(escaped(part));
        }
        return this;
    }

    /**
     * @param part the next part of a string value begun by {@link #beginString}, escaped once
     * @return this
     */
    public JsonText stringPart(Fragment part) {
        out.append(part.text);
        return this;
    }

    /**
     * @param v a number, written in decimal as the next part of a string value begun by {@link
     *     #beginString} (digits need no escaping)
     * @return this
     */
    public JsonText stringPart(long v) {
        out.append(v);
        return this;
    }

    /** @return this, after the string value begun by {@link #beginString} */
    public JsonText endString() {
        out.append('"');
        comma = true;
        return this;
    }

    /** @return the text so far */
    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (comma) {
            out.append(',');
        }
        if (pretty) {
            if (afterName) {
                afterName = false; // the value of a member: on the name's line
            } else if (depth > 0) {
                newline();
            }
        }
    }

    /** Writes a value that needs no quotes or escaping: a number's text, a literal name. */
    private JsonText bare(String text) {
        separate();
        out.append(text);
        comma = true;
        return this;
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append(' ').append(' ');
        }
    }

    /**
     * Gson's escaping: quote, backslash, control characters, U+2028 and U+2029. A string with
     * none of them and no character above ASCII (an architecture's encoding, a metric's name) is
     * copied as it is, after one scan; any other goes through the escaping loop and UTF-8.
     */
    private void string(String s) {
        out.append('"');
        stringPart(s);
        out.append('"');
    }

    /** @return whether a string needs neither escaping nor encoding */
    private static boolean plainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String r;
            if (c < 0x20) {
                r = control(c);
            } else if (c == '"') {
                r = "\\\"";
            } else if (c == '\\') {
                r = "\\\\";
            } else if (c == '\u2028') {
                r = "\\u2028";
            } else if (c == '\u2029') {
                r = "\\u2029";
            } else {
                continue;
            }
            b.append(s, start, i).append(r);
            start = i + 1;
        }
        return b.append(s, start, n).toString();
    }

    private static String control(char c) {
        switch (c) {
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\f':
                return "\\f";
            default:
                return "\\u00" + HEX[c >> 4] + HEX[c & 0xf];
        }
    }
}
