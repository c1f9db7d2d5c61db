package org.nas4det.spnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.nn.ConvBnAct;

/**
 * Weight inheritance from a parent SP-NAS backbone to a child one, by global block order (section
 * 2.3, the legacy mapping made explicit and stage-aware, {@link #align}): an aligned block takes
 * the parent block's tensors; an inserted block keeps its random convolutions but its last BN
 * starts at gamma = beta = 0, so its residual branch outputs 0 and the block is an identity; a
 * projection shortcut the parent block did not have starts identity-like (a Dirac 1x1 conv, BN
 * gamma 1, beta 0, running mean 0, var 1). Parallel copies start from the stage they copy (or the
 * parent's copy where the parent had one), and a new feedback's BN starts at zero, so the cascade
 * adds nothing at first. Everything stays trainable here; the search can freeze what
 * {@link #inheritDetector} reports as inherited.
 *
 * <p><b>Which morphisms preserve the function</b> (BN in inference mode, on the parent's input):
 * <ul>
 *   <li><b>expand</b> inserts {@code 1}-blocks that never take a stage's stride (an insertion
 *       drawn right after a {@code -} goes after the stage's first block, {@link SerialMutation}),
 *       so each starts as an identity: the child computes the parent's function exactly.</li>
 *   <li><b>add-stage</b> appends a stage: the parent's stage outputs are unchanged, the new stage
 *       is one more output.</li>
 *   <li><b>parallel copies</b> added to a stage without any feed back through a zero BN:
 *       unchanged. More copies in a stage that has some are refused: its one trained feedback
 *       layer would feed the new top copy into the others.</li>
 *   <li><b>swap</b> moves a stride-2 point, and no weight map can undo that. A stride-2 3x3 conv
 *       at output i reads input 2i-1..2i+1; once the stride has moved one block earlier, the
 *       stride-1 conv there reads the subsampled input at 2i-2, 2i, 2i+2, and the odd positions
 *       the parent read are gone; moved later, the blocks in between read neighbours at half the
 *       parent's distance. Swap stays the paper's operator and is weight-preserving, not
 *       function-preserving: widths depend only on the digits, so every parent tensor keeps its
 *       shape and is inherited; a block that gains the stride gets an identity-like strided
 *       projection (a subsampling), a {@code 1}-block that loses it drops its projection; every output before
 *       the first moved stride point is unchanged, and the candidate's fine-tuning adapts the
 *       rest.</li>
 * </ul>
 *
 * <pre>{@code WeightInheritance.inherit(parentBackbone, childBackbone); // both initialised}</pre>
 */
public final class WeightInheritance {

    private WeightInheritance() {}

    /** Cost of a parent block mapped onto a child block of another stride. */
    private static final int MOVED_STRIDE = 2;
    /** Cost of an inserted block that cannot start as an identity (strided, or the very first block). */
    private static final int NOT_IDENTITY = 1;
    /** The cost of an alignment that does not exist (far from overflow when costs are added to it). */
    private static final long UNREACHABLE = Long.MAX_VALUE / 4;

    /**
     * Aligns the child's blocks to the parent's in global order. The child must hold the parent's
     * digits in order with only {@code 1}s inserted (what expand and add-stage do; swap keeps the
     * digits). Among all such alignments this one has the least cost, where a parent block mapped
     * onto a child block of another stride costs 2 and an inserted block that cannot start as an
     * identity (a stage's strided first block, or the first block of all) costs 1, each times the
     * number of blocks from it to the end (a block that breaks the function breaks every output
     * after it, so a break is pushed as late as it goes). So whenever the child is the parent with
     * stride-1 identity blocks inserted, the alignment maps every strided block onto a strided
     * block and the child computes the parent's function: e.g. {@code 11-11-21-21 -> 111-11-21-21}
     * maps the parent's second stage onto the child's second stage, where a greedy leftmost match
     * would shift it by one block and move its stride; and after add-stage the new stage's block
     * is the inserted one.
     *
     * @param parent the parent code
     * @param child the child code (the parent's digits with {@code 1}s inserted, any stage boundaries)
     * @return for each child block the parent block it inherits, or -1 for an inserted one
     * @throws IllegalArgumentException when the child does not hold the parent's digits in order
     */
    public static int[] align(SerialCode parent, SerialCode child) {
        String p = parent.digits();
        String c = child.digits();
        boolean[] ps = strided(parent);
        boolean[] cs = strided(child);
        int n = p.length();
        int m = c.length();
        // cost[i][j]: least cost of aligning the parent's first i blocks into the child's first j
        long[][] cost = new long[n + 1][m + 1];
        for (long[] row : cost) {
            Arrays.fill(row, UNREACHABLE);
        }
        cost[0][0] = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                cost[i][j] = Math.min(insertCost(cost, c, cs, i, j), matchCost(cost, p, ps, c, cs, i, j));
            }
        }
        if (cost[n][m] >= UNREACHABLE) {
            throw new IllegalArgumentException("code " + child + " does not hold the blocks of " + parent
                    + " in order: SP-NAS morphisms only insert 1-blocks and move stage boundaries");
        }
        int[] map = new int[m];
        for (int i = n, j = m; j > 0; j--) {
            if (cost[i][j] == matchCost(cost, p, ps, c, cs, i, j)) {
                map[j - 1] = --i;
            } else {
                map[j - 1] = -1;
            }
        }
        return map;
    }

    /** Cost of reaching (i, j) by inserting child block j-1 (only {@code 1}-blocks are inserted). */
    private static long insertCost(long[][] cost, String c, boolean[] cs, int i, int j) {
        if (c.charAt(j - 1) != '1' || cost[i][j - 1] >= UNREACHABLE) {
            return UNREACHABLE;
        }
        int after = c.length() - j + 1;
        return cost[i][j - 1] + (cs[j - 1] || j == 1 ? (long) NOT_IDENTITY * after : 0);
    }

    /** Cost of reaching (i, j) by mapping parent block i-1 onto child block j-1. */
    private static long matchCost(long[][] cost, String p, boolean[] ps, String c, boolean[] cs, int i, int j) {
        if (i == 0 || p.charAt(i - 1) != c.charAt(j - 1) || cost[i - 1][j - 1] >= UNREACHABLE) {
            return UNREACHABLE;
        }
        int after = c.length() - j + 1;
        return cost[i - 1][j - 1] + (ps[i - 1] != cs[j - 1] ? (long) MOVED_STRIDE * after : 0);
    }

    /** @return for each block of a code whether it has stride 2 (the first block of every stage but the first) */
    static boolean[] strided(SerialCode code) {
        boolean[] out = new boolean[code.blocks()];
        int g = 0;
        for (int s = 0; s < code.stages(); s++) {
            out[g] = s > 0;
            g += code.stage(s).length();
        }
        return out;
    }

    /**
     * Copies a parent backbone's weights into a child backbone (both initialised).
     *
     * @param parent the trained parent
     * @param child the new child
     * @return the child's tensors that took a parent tensor in the same role (the inherited ones);
     *     the others are new: inserted blocks, identity-like projections, zeroed BNs, and parallel
     *     copies initialised from their stage
     */
    public static Set<Parameter> inherit(SerialBackbone parent, SerialBackbone child) {
        Set<Parameter> inherited = Collections.newSetFromMap(new IdentityHashMap<>());
        copyAll(parent.stem(), child.stem(), inherited);
        List<SpUnit> pb = parent.blocks();
        List<SpUnit> cb = child.blocks();
        int[] map = align(parent.arch().serialCode(), child.arch().serialCode());
        for (int i = 0; i < cb.size(); i++) {
            SpUnit c = cb.get(i);
            if (map[i] < 0) {
                BatchNorm2d bn = bn(c.last());
                fill(bn.gamma(), 0f);
                fill(bn.beta(), 0f);
                if (c.shortcut != null) {
                    identityLike(c.shortcut);
                }
            } else {
                copyUnit(pb.get(map[i]), c, inherited);
            }
        }
        int[] parentK = parent.arch().parallel();
        int[] childK = child.arch().parallel();
        Set<Parameter> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int s = 0; s < childK.length; s++) {
            if (childK[s] == 0) {
                continue;
            }
            boolean sameStage = s < parentK.length && parentK[s] > 0
                    && parent.arch().serialCode().stage(s).equals(child.arch().serialCode().stage(s));
            if (sameStage && childK[s] > parentK[s]) {
                // One trained feedback layer serves every copy: a new top copy would feed it into the
                // parent's top copy, and the child would no longer compute what the parent did.
                throw new IllegalArgumentException("stage " + (s + 1) + ": " + parentK[s] + " parallel copies in the parent "
                        + parent.arch().encode() + ", " + childK[s] + " in the child " + child.arch().encode()
                        + ": copies are added function-preservingly only to a stage without any (grow them from the serial parent)");
            }
            List<List<SpUnit>> copies = child.copyUnits().get(s);
            for (int k = 0; k < copies.size(); k++) {
                boolean parentHadIt = sameStage && k < parent.copyUnits().get(s).size();
                List<SpUnit> from = parentHadIt ? parent.copyUnits().get(s).get(k) : child.stageUnits().get(s);
                for (int b = 0; b < from.size(); b++) {
                    copyUnit(from.get(b), copies.get(k).get(b), parentHadIt ? inherited : fresh);
                }
            }
            if (sameStage) {
                copyAll(parent.connections().get(s), child.connections().get(s), inherited);
            } else {
                BatchNorm2d bn = bn(child.connections().get(s));
                fill(bn.gamma(), 0f);
                fill(bn.beta(), 0f);
            }
        }
        return inherited;
    }

    /**
     * Inherits a whole detector: the backbone by {@link #inherit}, the neck and head tensor by
     * tensor where the name and shape agree (an added stage adds an FPN lateral that stays new).
     *
     * @param parent the trained parent detector
     * @param child the new child detector (initialised)
     * @return the names (as {@code child.getParameters()} gives them) of the inherited tensors
     */
    public static Set<String> inheritDetector(Detector parent, Detector child) {
        Set<Parameter> inherited = inherit((SerialBackbone) parent.backbone(), (SerialBackbone) child.backbone());
        copyMatching(parent.neck(), child.neck(), inherited);
        copyMatching(parent.head(), child.head(), inherited);
        Set<String> names = new TreeSet<>();
        for (Pair<String, Parameter> p : child.getParameters()) {
            if (inherited.contains(p.getValue())) {
                names.add(p.getKey());
            }
        }
        return names;
    }

    /** Copies every tensor whose name and shape agree. */
    static void copyMatching(Block from, Block to, Set<Parameter> inherited) {
        Map<String, Parameter> src = new HashMap<>();
        for (Pair<String, Parameter> p : from.getParameters()) {
            src.put(p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : to.getParameters()) {
            Parameter s = src.get(p.getKey());
            if (s != null && s.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                copy(s, p.getValue());
                inherited.add(p.getValue());
            }
        }
    }

    private static void copyUnit(SpUnit from, SpUnit to, Set<Parameter> copied) {
        for (int k = 0; k < to.main.size(); k++) {
            copyAll(from.main.get(k), to.main.get(k), copied);
        }
        if (to.shortcut != null) {
            if (from.shortcut != null) {
                copyAll(from.shortcut, to.shortcut, copied);
            } else {
                identityLike(to.shortcut);
            }
        }
    }

    /** Copies a block tree's tensors in order (same structure). */
    private static void copyAll(Block from, Block to, Set<Parameter> copied) {
        List<Parameter> a = from.getParameters().values();
        List<Parameter> b = to.getParameters().values();
        if (a.size() != b.size()) {
            throw new IllegalStateException("cannot inherit: blocks differ in structure (" + a.size() + " vs " + b.size() + " tensors)");
        }
        for (int i = 0; i < a.size(); i++) {
            copy(a.get(i), b.get(i));
            copied.add(b.get(i));
        }
    }

    private static void copy(Parameter from, Parameter to) {
        NDArray dst = to.getArray();
        if (!from.getArray().getShape().equals(dst.getShape())) {
            throw new IllegalStateException("cannot inherit " + to.getName() + ": shape " + from.getArray().getShape() + " vs " + dst.getShape());
        }
        dst.set(new NDIndex("..."), from.getArray());
    }

    private static BatchNorm2d bn(ConvBnAct c) {
        return (BatchNorm2d) c.batchNorm();
    }

    private static void fill(Parameter p, float v) {
        p.getArray().set(new NDIndex("..."), v);
    }

    /** A 1x1 conv + BN that maps x to x: Dirac weight, BN (1, 0) with neutral statistics. */
    private static void identityLike(ConvBnAct c) {
        Parameter w = c.conv().getParameters().get("weight");
        NDArray weight = w.getArray();
        try (NDManager m = weight.getManager().newSubManager()) {
            long out = weight.getShape().get(0);
            long in = weight.getShape().get(1);
            weight.set(new NDIndex("..."), m.eye((int) out, (int) in, 0, weight.getDataType()).reshape(out, in, 1, 1));
        }
        BatchNorm2d bn = bn(c);
        fill(bn.gamma(), 1f);
        fill(bn.beta(), 0f);
        fill(bn.runningMean(), 0f);
        fill(bn.runningVar(), 1f);
    }
}
