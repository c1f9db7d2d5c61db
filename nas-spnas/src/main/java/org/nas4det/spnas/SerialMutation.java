package org.nas4det.spnas;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The serial operators of SP-NAS, with section 2.1's semantics: each attempt runs
 * {@code numMutate} slots on the input code; a slot draws expand, swap or add-stage uniformly. Expand
 * fires when U(0,1) &gt; {@code expandRatio} and inserts a {@code 1} twice, each at a uniform
 * string index in [1, len-1] (dashes included), except that an index right after a {@code -} moves
 * one place on: the new block goes after the stage's first block instead of taking its stride, so
 * expand is function-preserving ({@link WeightInheritance}; for a stage that starts with {@code 1}
 * both places give the same code, for one that starts with {@code 2} the reference would give
 * {@code 12..}, a strided 1-block that no weights make an identity); swap keeps the digit sequence
 * and moves each stage boundary by a step from {-m..m-1}, m = min(3, max of the two stage
 * lengths), redrawing steps that empty a stage; add-stage fires below {@code maxStages} when U
 * &gt; {@code addStageRatio} and appends {@code -1}. Attempts repeat until the code changes. The
 * ratios are skip thresholds, as in the reference. Swap is the paper's operator and moves stride-2
 * points, so its children inherit every weight but not the parent's function (the reason is in
 * {@link WeightInheritance}).
 *
 * <pre>{@code SerialCode child = new SerialMutation(3, 0.3, 0.05, 6).mutate(SerialCode.parse("111-2111-211111-211"), rng);}</pre>
 */
public final class SerialMutation {

    private static final int MAX_ATTEMPTS = 1000;

    private final int numMutate;
    private final double expandRatio;
    private final double addStageRatio;
    private final int maxStages;

    /**
     * Creates the operators.
     *
     * @param numMutate slots per attempt (3)
     * @param expandRatio skip threshold of expand (0.3: fires with probability 0.7)
     * @param addStageRatio skip threshold of add-stage (0.05)
     * @param maxStages the most stages (6)
     */
    public SerialMutation(int numMutate, double expandRatio, double addStageRatio, int maxStages) {
        if (numMutate < 1 || maxStages < SerialCode.MIN_STAGES || maxStages > SerialCode.MAX_STAGES
                || expandRatio < 0 || expandRatio >= 1 || addStageRatio < 0 || addStageRatio >= 1) {
            throw new IllegalArgumentException("serial mutation needs num_mutate >= 1, ratios in [0, 1) and max stages in "
                    + SerialCode.MIN_STAGES + ".." + SerialCode.MAX_STAGES);
        }
        this.numMutate = numMutate;
        this.expandRatio = expandRatio;
        this.addStageRatio = addStageRatio;
        this.maxStages = maxStages;
    }

    /** @return the paper's operators: 3 slots, ratios 0.3 and 0.05, 6 stages */
    public static SerialMutation paper() {
        return new SerialMutation(3, 0.3, 0.05, SerialCode.MAX_STAGES);
    }

    /**
     * Mutates a code until it changes.
     *
     * @param code the parent
     * @param rng the random source
     * @return a different code
     */
    public SerialCode mutate(SerialCode code, Random rng) {
        for (int a = 0; a < MAX_ATTEMPTS; a++) {
            String s = code.toString();
            for (int slot = 0; slot < numMutate; slot++) {
                int op = rng.nextInt(3);
                if (op == 0) {
                    s = expandIfDrawn(s, rng);
                } else if (op == 1) {
                    s = swap(s, rng);
                } else {
                    s = addStageIfDrawn(s, rng);
                }
            }
            if (!s.equals(code.toString())) {
                return SerialCode.parse(s);
            }
        }
        throw new IllegalStateException("no mutation of " + code + " changed it in " + MAX_ATTEMPTS + " attempts");
    }

    String expandIfDrawn(String s, Random rng) {
        if (rng.nextDouble() <= expandRatio) {
            return s;
        }
        return expand(expand(s, rng), rng);
    }

    /** Inserts one {@code 1} at a uniform index in [1, len-1], after the first block where the index follows a '-'. */
    static String expand(String s, Random rng) {
        return insertAt(s, 1 + rng.nextInt(Math.max(1, s.length() - 1)));
    }

    /**
     * Inserts a {@code 1} at a string index; an index right after a {@code -} moves past the
     * stage's first block, which keeps the stage's stride.
     */
    static String insertAt(String s, int index) {
        int idx = s.charAt(index - 1) == '-' ? index + 1 : index;
        return s.substring(0, idx) + "1" + s.substring(idx);
    }

    String addStageIfDrawn(String s, Random rng) {
        if (SerialCode.parse(s).stages() >= maxStages || rng.nextDouble() <= addStageRatio) {
            return s;
        }
        return s + "-1";
    }

    /** Moves the stage boundaries, keeping the digits; never leaves an empty stage. */
    static String swap(String s, Random rng) {
        List<String> stages = List.of(s.split("-"));
        String digits = String.join("", stages);
        int n = stages.size();
        int[] old = new int[n - 1];
        int pos = 0;
        for (int i = 0; i < n - 1; i++) {
            pos += stages.get(i).length();
            old[i] = pos;
        }
        for (int a = 0; a < MAX_ATTEMPTS; a++) {
            int[] now = old.clone();
            for (int i = 0; i < n - 1; i++) {
                int m = Math.min(3, Math.max(stages.get(i).length(), stages.get(i + 1).length()));
                int lo = i == 0 ? 0 : now[i - 1];
                int hi = i + 1 < n - 1 ? old[i + 1] : digits.length();
                for (int d = 0; d < MAX_ATTEMPTS; d++) {
                    int p = old[i] + rng.nextInt(2 * m) - m;
                    if (p > lo && p < hi) {
                        now[i] = p;
                        break;
                    }
                }
            }
            List<String> out = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < n - 1; i++) {
                out.add(digits.substring(from, now[i]));
                from = now[i];
            }
            out.add(digits.substring(from));
            String r = String.join("-", out);
            if (!r.equals(s)) {
                return r;
            }
        }
        return s;
    }
}
