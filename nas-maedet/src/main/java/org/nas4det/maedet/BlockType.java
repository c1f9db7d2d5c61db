package org.nas4det.maedet;

/** The TinyNAS block classes MAE-DET structures use, with their names in both code bases. */
public enum BlockType {
    /** The stem: k×k conv (stride), BN, ReLU; one layer. */
    CONV_KX_BN_RELU("ConvKXBNRELU"),
    /** L bottleneck units 1×1 → k×k (stride on unit 0) → 1×1, residual; 3 layers per unit. */
    SUPER_RES_K1KXK1("SuperResK1KXK1", "SuperResConvK1KXK1"),
    /** L units k×k → k×k (stride on unit 0's second conv), residual; 2 layers per unit. */
    SUPER_RES_KXKX("SuperResKXKX", "SuperResConvKXKX");

    private final String name;
    private final String[] aliases;

    BlockType(String name, String... aliases) {
        this.name = name;
        this.aliases = aliases;
    }

    /** @return the v2 class name, written to files */
    public String className() {
        return name;
    }

    /** @return main-branch convolutions per unit */
    public int convsPerUnit() {
        switch (this) {
            case CONV_KX_BN_RELU:
                return 1;
            case SUPER_RES_KXKX:
                return 2;
            default:
                return 3;
        }
    }

    /**
     * Finds a block type by either of its class names.
     *
     * @param className the class name
     * @return the type, or null when unknown
     */
    public static BlockType byClassName(String className) {
        for (BlockType t : values()) {
            if (t.name.equals(className)) {
                return t;
            }
            for (String a : t.aliases) {
                if (a.equals(className)) {
                    return t;
                }
            }
        }
        return null;
    }
}
