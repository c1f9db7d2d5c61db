package org.nas4det.spnas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An SP-NAS serial backbone code in the paper's reading: {@code code := stage ('-' stage)*},
 * {@code stage := [12]+}. One digit is one residual block; {@code 2} doubles the width (planes)
 * from that block on; {@code -} starts a new stage whose first block has stride 2 (the first stage
 * has stride 1 after the stride-4 stem). ResNet-50 is {@code 111-2111-211111-211} with bottleneck
 * blocks, ResNet-18 {@code 11-21-21-21} with basic blocks.
 *
 * <pre>{@code SerialCode c = SerialCode.parse("111-2111-211111-211"); c.stages(); // 4}</pre>
 */
public final class SerialCode {

    /** The fewest stages a backbone may have (the FPN needs C3..C5). */
    public static final int MIN_STAGES = 4;
    /** The most stages a backbone may have ({@code max_stages}). */
    public static final int MAX_STAGES = 6;

    private final List<String> stages;

    private SerialCode(List<String> stages) {
        this.stages = List.copyOf(stages);
    }

    /**
     * Parses a code (recursive descent over the grammar, no regular expression tricks).
     *
     * @param text the code, e.g. {@code 111-2111-211111-211}
     * @return the code
     * @throws CodeFormatException pointing at the offending character
     */
    public static SerialCode parse(String text) {
        return parse(text, 0, text == null ? 0 : text.length(), text);
    }

    /**
     * Parses a code inside a longer text (an arch string), so errors point into that text.
     *
     * @param whole the whole text
     * @param from first index of the code
     * @param to index after the code
     * @param shown the text errors quote
     * @return the code
     */
    static SerialCode parse(String whole, int from, int to, String shown) {
        if (whole == null || from >= to) {
            throw new CodeFormatException(String.valueOf(shown), from, "empty serial code: write digits 1/2 in stages separated by '-', e.g. 111-2111-211111-211");
        }
        List<String> stages = new ArrayList<>();
        int i = from;
        while (true) {
            int start = i;
            while (i < to && (whole.charAt(i) == '1' || whole.charAt(i) == '2')) {
                i++;
            }
            if (i == start) {
                throw new CodeFormatException(shown, i, i < to
                        ? "expected a block digit 1 or 2, found '" + whole.charAt(i) + "' (a stage needs at least one block)"
                        : "the code ends with '-': a stage needs at least one block digit 1 or 2");
            }
            stages.add(whole.substring(start, i));
            if (i == to) {
                break;
            }
            if (whole.charAt(i) != '-') {
                throw new CodeFormatException(shown, i, "unexpected '" + whole.charAt(i) + "': a code holds only 1 (block), 2 (block doubling the width) and - (new stage)");
            }
            i++;
        }
        if (stages.size() > MAX_STAGES) {
            throw new CodeFormatException(shown, indexOfDash(whole, from, MAX_STAGES), "a code has at most " + MAX_STAGES + " stages, this one has " + stages.size());
        }
        if (stages.size() < MIN_STAGES) {
            throw new CodeFormatException(shown, to, "a code has at least " + MIN_STAGES + " stages (the detector reads C3..C5), this one has "
                    + stages.size() + ": add '-' and a stage");
        }
        return new SerialCode(stages);
    }

    private static int indexOfDash(String s, int from, int n) {
        int seen = 0;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '-' && ++seen == n) {
                return i;
            }
        }
        return from;
    }

    /**
     * A code from its stages.
     *
     * @param stages the digit string of each stage
     * @return the code (validated)
     */
    public static SerialCode ofStages(List<String> stages) {
        return parse(String.join("-", stages));
    }

    /** @return the number of stages */
    public int stages() {
        return stages.size();
    }

    /**
     * @param s a stage index
     * @return that stage's digits
     */
    public String stage(int s) {
        return stages.get(s);
    }

    /** @return the digits of every stage */
    public List<String> stageList() {
        return Collections.unmodifiableList(stages);
    }

    /** @return all block digits in global order (the dashes removed) */
    public String digits() {
        return String.join("", stages);
    }

    /** @return the number of blocks */
    public int blocks() {
        return digits().length();
    }

    /** @return the code text */
    @Override
    public String toString() {
        return String.join("-", stages);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerialCode && ((SerialCode) o).stages.equals(stages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stages);
    }
}
