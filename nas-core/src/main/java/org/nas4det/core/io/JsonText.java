package org.nas4det.core.io;

/**
 * Writes a JSON object straight into UTF-8 text ({@link Utf8Buffer}), character for character what Gson's
 * {@code JsonElement.toString()} prints for the same tree (compact, lenient: NaN and infinities as
 * bare words, strings escaped as Gson escapes them, not HTML-safe), without building the tree.
 * Doubles are written as the shortest text that reads back as the same value, which is what Gson
 * prints on JDK 19 and later; JDK 17's Gson sometimes prints more digits of the same value (see
 * {@link RecentDoubleTexts}). Hot paths that write a line per candidate use it; a test compares it
 * with Gson on random records.
 *
 * <pre>{@code String line = new JsonText().beginObject().name("index").value(3).endObject().toString();}</pre>
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Utf8Buffer out;
    // Whether the next member or element needs a comma before it.
    private boolean comma;

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

    /** @return this */
    public JsonText beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    /** @return this */
    public JsonText endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    /** @return this */
    public JsonText beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    /** @return this */
    public JsonText endArray() {
        out.append(']');
        comma = true;
        return this;
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
     * Starts a member; its value follows.
     *
     * @param name the member's name, escaped once
     * @return this
     */
    public JsonText name(Name name) {
        separate();
        out.append(name.text);
        comma = false;
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
        comma = false;
        return this;
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
        // Double.toString (JDK 19+), as Gson prints a Double (recurring values from a cache of its
        // texts, which are ASCII: digits, sign, point, exponent, NaN, Infinity).
        out.appendAscii(RecentDoubleTexts.SHARED.text(v));
        comma = true;
        return this;
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

    /** @return the text so far */
    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (comma) {
            out.append(',');
        }
    }

    /**
     * Gson's escaping: quote, backslash, control characters, U+2028 and U+2029. A string with
     * none of them and no character above ASCII (an architecture's encoding, a metric's name) is
     * copied as it is, after one scan; any other goes through the escaping loop and UTF-8.
     */
    private void string(String s) {
        out.append('"');
        if (plainAscii(s)) {
            out.appendAscii(s);
        } else {
            out.append(escaped(s));
        }
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
