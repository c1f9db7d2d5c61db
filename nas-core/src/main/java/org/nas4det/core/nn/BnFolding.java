package org.nas4det.core.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * BN folded into the preceding convolution for evaluation-only passes: while open, every
 * {@link ConvBnAct} under the given blocks runs its inference forward as one convolution with
 * bias ({@code w·s}, {@code β − μ·s}, {@code s = γ / sqrt(σ² + ε)}), the same result up to
 * float rounding without BN's pass over each activation. Fold after the statistics are final
 * (after a recalibration) and close before anything trains or changes them: the folded weights
 * are a copy taken at {@link #of}. Training forwards are not affected.
 *
 * <pre>{@code try (BnFolding f = BnFolding.of(List.of(backbone), manager)) { detector.predict(ps, x, t); }}</pre>
 */
public final class BnFolding implements AutoCloseable {

    private final List<ConvBnAct> folded;

    private BnFolding(List<ConvBnAct> folded) {
        this.folded = folded;
    }

    /**
     * Folds every conv-BN pair under the blocks.
     *
     * @param roots the blocks (and their descendants) to fold
     * @param manager owns the folded weights until {@link #close()}
     * @return the open folding
     * @throws IllegalStateException when a pair is already folded by another open folding (nothing is folded then)
     */
    public static BnFolding of(List<? extends Block> roots, NDManager manager) {
        // A block reachable from two roots folds once.
        Set<ConvBnAct> found = new LinkedHashSet<>(); // blocks compare by identity
        for (Block r : roots) {
            collect(r, found);
        }
        List<ConvBnAct> folded = new ArrayList<>();
        BnFolding folding = new BnFolding(folded);
        try {
            for (ConvBnAct c : found) {
                c.fold(manager);
                folded.add(c); // only what this folding folded is unfolded by it
            }
        } catch (RuntimeException e) {
            // A pair that failed to fold (an uninitialised block) must not leave the others
            // folded: their stale copies would serve later inference forwards.
            folding.close();
            throw e;
        }
        return folding;
    }

    private static void collect(Block b, Set<ConvBnAct> out) {
        if (b instanceof ConvBnAct) {
            out.add((ConvBnAct) b);
            return;
        }
        for (var c : b.getChildren()) {
            collect(c.getValue(), out);
        }
    }

    /** @return how many conv-BN pairs are folded */
    public int size() {
        return folded.size();
    }

    /** Unfolds every pair: the blocks compute with their convolution and BN again. */
    @Override
    public void close() {
        for (ConvBnAct c : folded) {
            c.unfold();
        }
    }
}
