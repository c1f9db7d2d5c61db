package org.nas4det.spnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nas4det.core.detect.Detector;
import org.nas4det.core.nn.BatchNorm2d;
import org.nas4det.core.nn.ConvBnAct;

/**
 * Function-preserving weight inheritance from a parent SP-NAS backbone to a child one, by global
 * block order (section 2.3, the legacy mapping made explicit): the child's digit sequence is
 * aligned to the parent's (greedy, leftmost); an aligned block takes the parent block's tensors;
 * an inserted block keeps its random convolutions but its last BN starts at gamma = beta = 0, so
 * its residual branch outputs 0 and the block is an identity; a projection shortcut the parent
 * block did not have starts identity-like (a Dirac 1x1 conv, BN gamma 1, beta 0, running mean 0,
 * var 1). Parallel copies start from the stage they copy (or the parent's copy where the parent
 * had one), and a new feedback's BN starts at zero, so the cascade adds nothing at first.
 * Everything stays trainable.
 *
 * <pre>{@code WeightInheritance.inherit(parentBackbone, childBackbone); // both initialised}</pre>
 */
public final class WeightInheritance {

    private WeightInheritance() {}

    /**
     * Aligns the child's blocks to the parent's in global order.
     *
     * @param parent the parent code
     * @param child the child code (the parent's digits with insertions, any stage boundaries)
     * @return for each child block the parent block it inherits, or -1 for an inserted one
     * @throws IllegalArgumentException when the child does not contain the parent's digits in order
     */
    public static int[] align(SerialCode parent, SerialCode child) {
        String p = parent.digits();
        String c = child.digits();
        int[] map = new int[c.length()];
        int j = 0;
        for (int i = 0; i < c.length(); i++) {
            if (j < p.length() && c.charAt(i) == p.charAt(j)) {
                map[i] = j++;
            } else {
                map[i] = -1;
            }
        }
        if (j != p.length()) {
            throw new IllegalArgumentException("code " + child + " does not hold the blocks of " + parent
                    + " in order: SP-NAS morphisms only insert blocks and move stage boundaries");
        }
        return map;
    }

    /**
     * Copies a parent backbone's weights into a child backbone (both initialised).
     *
     * @param parent the trained parent
     * @param child the new child
     */
    public static void inherit(SerialBackbone parent, SerialBackbone child) {
        copyAll(parent.stem(), child.stem());
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
                copyUnit(pb.get(map[i]), c);
            }
        }
        int[] parentK = parent.arch().parallel();
        int[] childK = child.arch().parallel();
        for (int s = 0; s < childK.length; s++) {
            if (childK[s] == 0) {
                continue;
            }
            boolean sameStage = s < parentK.length && parentK[s] > 0
                    && parent.arch().serialCode().stage(s).equals(child.arch().serialCode().stage(s));
            List<List<SpUnit>> copies = child.copyUnits().get(s);
            for (int k = 0; k < copies.size(); k++) {
                List<SpUnit> from = sameStage && k < parent.copyUnits().get(s).size()
                        ? parent.copyUnits().get(s).get(k) : child.stageUnits().get(s);
                for (int b = 0; b < from.size(); b++) {
                    copyUnit(from.get(b), copies.get(k).get(b));
                }
            }
            if (sameStage) {
                copyConvBn(parent.connections().get(s), child.connections().get(s));
            } else {
                BatchNorm2d bn = bn(child.connections().get(s));
                fill(bn.gamma(), 0f);
                fill(bn.beta(), 0f);
            }
        }
    }

    /**
     * Inherits a whole detector: the backbone by {@link #inherit}, the neck and head tensor by
     * tensor where the name and shape agree (an added stage adds an FPN lateral that stays new).
     *
     * @param parent the trained parent detector
     * @param child the new child detector (initialised)
     */
    public static void inheritDetector(Detector parent, Detector child) {
        inherit((SerialBackbone) parent.backbone(), (SerialBackbone) child.backbone());
        copyMatching(parent.neck(), child.neck());
        copyMatching(parent.head(), child.head());
    }

    /** Copies every tensor whose name and shape agree. */
    static void copyMatching(Block from, Block to) {
        Map<String, Parameter> src = new HashMap<>();
        for (Pair<String, Parameter> p : from.getParameters()) {
            src.put(p.getKey(), p.getValue());
        }
        for (Pair<String, Parameter> p : to.getParameters()) {
            Parameter s = src.get(p.getKey());
            if (s != null && s.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                copy(s, p.getValue());
            }
        }
    }

    private static void copyUnit(SpUnit from, SpUnit to) {
        for (int k = 0; k < to.main.size(); k++) {
            copyConvBn(from.main.get(k), to.main.get(k));
        }
        if (to.shortcut != null) {
            if (from.shortcut != null) {
                copyConvBn(from.shortcut, to.shortcut);
            } else {
                identityLike(to.shortcut);
            }
        }
    }

    private static void copyConvBn(ConvBnAct from, ConvBnAct to) {
        copyAll(from, to);
    }

    /** Copies a block tree's tensors in order (same structure). */
    private static void copyAll(Block from, Block to) {
        List<Parameter> a = from.getParameters().values();
        List<Parameter> b = to.getParameters().values();
        if (a.size() != b.size()) {
            throw new IllegalStateException("cannot inherit: blocks differ in structure (" + a.size() + " vs " + b.size() + " tensors)");
        }
        for (int i = 0; i < a.size(); i++) {
            copy(a.get(i), b.get(i));
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
