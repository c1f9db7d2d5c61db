package org.nas4det.detnas;

/**
 * The four ShuffleNetV2 choice blocks of DetNAS, in the index order used everywhere (the
 * official int lists, MMRazor's candidate order): 0 shuffle 3x3, 1 shuffle 5x5, 2 shuffle 7x7,
 * 3 Xception.
 */
public enum Choice {
    /** Shuffle unit with a 3x3 depthwise conv. */
    SHUFFLE_3X3("shuffle_3x3", 3),
    /** Shuffle unit with a 5x5 depthwise conv. */
    SHUFFLE_5X5("shuffle_5x5", 5),
    /** Shuffle unit with a 7x7 depthwise conv. */
    SHUFFLE_7X7("shuffle_7x7", 7),
    /** Xception-like unit: three 3x3 depthwise + pointwise pairs. */
    SHUFFLE_XCEPTION("shuffle_xception", 3);

    private final String mmrazorName;
    private final int kernel;

    Choice(String mmrazorName, int kernel) {
        this.mmrazorName = mmrazorName;
        this.kernel = kernel;
    }

    /** @return MMRazor's name, used in fix_subnet YAML */
    public String mmrazorName() {
        return mmrazorName;
    }

    /** @return the depthwise kernel */
    public int kernel() {
        return kernel;
    }

    /**
     * Finds a choice by MMRazor name.
     *
     * @param name e.g. {@code shuffle_7x7}
     * @return the choice, or null when unknown
     */
    public static Choice byName(String name) {
        for (Choice c : values()) {
            if (c.mmrazorName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
