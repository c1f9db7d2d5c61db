package org.nas4det.fad.genotype;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer and recursive-descent parser for genotype text: any whitespace, either quote style,
 * the full {@code Genotype(normal=[...], normal_concat=range(2, N))} form or the bare node list.
 * Nothing is evaluated. Errors name the source, the column and the token.
 */
final class GenotypeParser {

    private record Token(String kind, String text, int column) {}

    private final List<Token> tokens;
    private final String source;
    private int pos;

    private GenotypeParser(List<Token> tokens, String source) {
        this.tokens = tokens;
        this.source = source;
    }

    static Genotype parse(String text, String source) {
        GenotypeParser p = new GenotypeParser(tokenize(text, source), source);
        return p.genotype();
    }

    private static List<Token> tokenize(String s, String source) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("()[],=".indexOf(c) >= 0) {
                out.add(new Token(String.valueOf(c), String.valueOf(c), i + 1));
                i++;
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new GenotypeFormatException(source + ", column " + (i + 1) + ": unterminated string " + s.substring(i));
                }
                out.add(new Token("str", s.substring(i + 1, end), i + 1));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                out.add(new Token("int", s.substring(i, j), i + 1));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token("name", s.substring(i, j), i + 1));
                i = j;
            } else {
                throw new GenotypeFormatException(source + ", column " + (i + 1) + ": unexpected character '" + c + "'");
            }
        }
        out.add(new Token("end", "end of text", s.length() + 1));
        return out;
    }

    /** An integer token's value; one too large for an int is an error naming it. */
    private int intValue(Token t) {
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw new GenotypeFormatException(source + ", column " + t.column() + ": number '" + t.text() + "' is out of range");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private GenotypeFormatException error(Token t, String expected) {
        return new GenotypeFormatException(source + ", column " + t.column() + ": expected " + expected + ", found '" + t.text() + "'");
    }

    private Token expect(String kind, String what) {
        Token t = peek();
        if (!t.kind().equals(kind)) {
            throw error(t, what);
        }
        pos++;
        return t;
    }

    private void expectName(String name) {
        Token t = expect("name", name);
        if (!t.text().equals(name)) {
            pos--;
            throw error(t, name);
        }
    }

    private Genotype genotype() {
        boolean full = peek().kind().equals("name");
        if (full) {
            expectName("Genotype");
            expect("(", "'('");
            expectName("normal");
            expect("=", "'='");
        }
        List<List<Genotype.Edge>> nodes = nodes();
        if (full) {
            expect(",", "','");
            expectName("normal_concat");
            expect("=", "'='");
            expectName("range");
            expect("(", "'('");
            Token lo = expect("int", "2");
            if (!lo.text().equals("2")) {
                pos--;
                throw error(lo, "2 (the concat starts after the two inputs)");
            }
            expect(",", "','");
            Token hi = expect("int", "an integer");
            if (intValue(hi) != 2 + nodes.size()) {
                pos--;
                throw error(hi, String.valueOf(2 + nodes.size()) + " (range(2, 2 + nodes) with " + nodes.size() + " nodes)");
            }
            expect(")", "')'");
            expect(")", "')'");
        }
        expect("end", "end of text");
        return new Genotype(nodes);
    }

    private List<List<Genotype.Edge>> nodes() {
        expect("[", "'[' opening the node list");
        List<List<Genotype.Edge>> nodes = new ArrayList<>();
        do {
            nodes.add(node(nodes.size()));
        } while (comma("]"));
        expect("]", "']' closing the node list");
        return nodes;
    }

    private boolean comma(String closing) {
        if (peek().kind().equals(",")) {
            pos++;
            return !peek().kind().equals(closing);
        }
        return false;
    }

    private List<Genotype.Edge> node(int row) {
        expect("[", "'[' opening node " + row);
        List<Genotype.Edge> edges = new ArrayList<>();
        do {
            expect("(", "'(' opening an edge of node " + row);
            Token op = expect("str", "a quoted op name");
            try {
                Genotype.checkOp(op.text(), "node " + row);
            } catch (GenotypeFormatException e) {
                throw new GenotypeFormatException(source + ", column " + op.column() + ": " + e.getMessage());
            }
            expect(",", "','");
            Token in = expect("int", "an input index");
            int k = intValue(in);
            if (k < 0 || k > row + 1) {
                throw new GenotypeFormatException(source + ", column " + in.column() + ": input index '" + in.text()
                        + "' of node " + row + " out of range 0.." + (row + 1));
            }
            expect(")", "')'");
            edges.add(new Genotype.Edge(op.text(), k));
        } while (comma("]"));
        expect("]", "']' closing node " + row);
        return edges;
    }
}
