package org.nas4det.fad.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ordered candidate operations: the column order of the alpha matrix. The default is the
 * released 10 ops + {@code none} (spec §1.2); {@link #withRate3()} is the 12-op variant whose
 * families are [x1, x1+dil_r3, x1+dil, x2, x2+dil, x3]. {@code none} is always last.
 *
 * <pre>{@code OpSpace s = OpSpace.released(); int i = s.indexOf("sinSep_conv_3x3"); // 5}</pre>
 */
public final class OpSpace {

    private final List<FadOp> ops;
    private final boolean rate3;

    private OpSpace(boolean rate3) {
        this.rate3 = rate3;
        List<FadOp> l = new ArrayList<>();
        for (FadOp.Family f : FadOp.Family.values()) {
            l.add(FadOp.of(f, 1, 0));
            if (rate3) {
                l.add(FadOp.of(f, 1, 3));
            }
            l.add(FadOp.of(f, 1, 2));
            l.add(FadOp.of(f, 2, 0));
            l.add(FadOp.of(f, 2, 2));
            l.add(FadOp.of(f, 3, 0));
        }
        l.add(FadOp.NONE);
        this.ops = List.copyOf(l);
    }

    /** @return the released space: 10 ops + none */
    public static OpSpace released() {
        return new OpSpace(false);
    }

    /** @return the 12-op variant with rate-3 dilated layers, + none */
    public static OpSpace withRate3() {
        return new OpSpace(true);
    }

    /**
     * @param rate3 whether to include the rate-3 ops
     * @return the space
     */
    public static OpSpace of(boolean rate3) {
        return new OpSpace(rate3);
    }

    /** @return whether the rate-3 ops are included */
    public boolean rate3() {
        return rate3;
    }

    /** @return every op, none last */
    public List<FadOp> ops() {
        return ops;
    }

    /** @return the number of alpha columns (ops + none) */
    public int size() {
        return ops.size();
    }

    /** @return the ops each family's RepShare chain emits */
    public int perFamily() {
        return rate3 ? 6 : 5;
    }

    /**
     * Finds an op by name.
     *
     * @param name the genotype name
     * @return the op
     */
    public Optional<FadOp> find(String name) {
        return ops.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * @param name a genotype name
     * @return its column, or -1
     */
    public int indexOf(String name) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
