package org.nas4det.maedet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for Python literals as TinyNAS writes structure files: dicts, lists, tuples, strings
 * in either quote, ints, floats, {@code True}/{@code False}/{@code None}, trailing commas and
 * backslash line continuations. Nothing is evaluated: anything else is a syntax error with its
 * line and column.
 *
 * <pre>{@code Object v = PyLiteral.parse("{'a': [1, 2.5, 'x',], 'b': None}");}</pre>
 *
 * <p>Values map to {@link LinkedHashMap} (keys in file order), {@link ArrayList}, {@link String},
 * {@link Long}, {@link Double}, {@link Boolean} and null.
 */
public final class PyLiteral {

    /** A syntax error, with its position. */
    public static final class SyntaxError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * Deepest nesting of dicts, lists and tuples accepted. A structure file nests three levels
     * (dict, list, list of block dicts); the bound keeps a hostile file from exhausting the stack
     * of this recursive parser.
     */
    public static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;
    private int depth;

    private PyLiteral(String s) {
        this.s = s;
    }

    /**
     * Parses one literal; only whitespace may follow it.
     *
     * @param text the text
     * @return the value
     * @throws SyntaxError naming the line and column of the problem
     */
    public static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value();
        p.skip();
        if (p.pos < p.s.length()) {
            throw p.error("unexpected text after the literal");
        }
        return v;
    }

    private SyntaxError error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String near = pos < s.length() ? " near '" + s.substring(pos, Math.min(s.length(), pos + 12)).replace("\n", "\\n") + "'" : " at the end";
        return new SyntaxError("line " + line + " column " + col + ": " + what + near);
    }

    private void skip() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == '\n' || s.charAt(pos + 1) == '\r')) {
                pos += 2;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object value() {
        skip();
        if (pos >= s.length()) {
            throw error("expected a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                enter();
                return leave(dict());
            case '[':
                enter();
                return leave(sequence('[', ']'));
            case '(':
                enter();
                return leave(sequence('(', ')'));
            case '\'':
            case '"':
                return string(c);
            default:
                if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                    return number();
                }
                if (Character.isLetter(c)) {
                    return word();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private <T> T leave(T value) {
        depth--;
        return value;
    }

    private Map<String, Object> dict() {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        while (true) {
            skip();
            if (peek('}')) {
                pos++;
                return m;
            }
            Object key = value();
            if (!(key instanceof String)) {
                throw error("dict keys must be strings");
            }
            skip();
            expect(':');
            Object v = value();
            if (m.containsKey(key)) {
                throw error("duplicate key '" + key + "'");
            }
            m.put((String) key, v);
            skip();
            if (peek(',')) {
                pos++;
            } else if (!peek('}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char open, char close) {
        pos++;
        List<Object> l = new ArrayList<>();
        while (true) {
            skip();
            if (peek(close)) {
                pos++;
                return l;
            }
            l.add(value());
            skip();
            if (peek(',')) {
                pos++;
            } else if (!peek(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string(char quote) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n') {
                pos--;
                throw error("unterminated string");
            }
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n':
                        sb.append('\n');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    case '\\':
                    case '\'':
                    case '"':
                        sb.append(e);
                        break;
                    default:
                        sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Object number() {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        boolean real = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isDigit(c) || c == '_') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                real = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String t = s.substring(start, pos).replace("_", "");
        try {
            return real ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + t + "'");
        }
    }

    private Object word() {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        String w = s.substring(start, pos);
        switch (w) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                pos = start;
                throw error("'" + w + "' is not a literal (only True, False and None are allowed)");
        }
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }
}
