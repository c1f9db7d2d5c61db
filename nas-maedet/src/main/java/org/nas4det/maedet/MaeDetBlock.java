package org.nas4det.maedet;

import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.io.JsonText;

/**
 * One block of a MAE-DET structure: class, input and output channels, stride, kernel, units
 * {@code L} and bottleneck width {@code btn} (the last two 1 and 0 for the stem).
 *
 * <pre>{@code MaeDetBlock b = MaeDetBlock.superRes(32, 48, 2, 5, 2, 32);}</pre>
 */
public final class MaeDetBlock {

    private final BlockType type;
    private final int in;
    private final int out;
    private final int stride;
    private final int kernel;
    private final int units;
    private final int bottleneck;
    /** The fixed parts of each block type's literal, around its numbers. */
    private static final JsonText.Fragment[][] LITERAL_PARTS = literalParts();
    // This block's last cost count, kept and read by MaeDetCost only (see MaeDetCost.BlockCount).
    // Volatile: a count fills its fields after it is made, and a thread that reads a count another
    // thread stored must see them filled (a volatile read costs a plain load on x86).
    transient volatile MaeDetCost.BlockCount counted;

    /**
     * Creates a block.
     *
     * @param type the class
     * @param in input channels
     * @param out output channels
     * @param stride 1 or 2
     * @param kernel odd kernel size
     * @param units L (1 for the stem)
     * @param bottleneck btn (ignored for the stem)
     */
    public MaeDetBlock(BlockType type, int in, int out, int stride, int kernel, int units, int bottleneck) {
        this.type = type;
        this.in = in;
        this.out = out;
        this.stride = stride;
        this.kernel = kernel;
        this.units = type == BlockType.CONV_KX_BN_RELU ? 1 : units;
        this.bottleneck = type == BlockType.CONV_KX_BN_RELU ? 0 : bottleneck;
    }

    /**
     * A stem block.
     *
     * @param in input channels (3)
     * @param out output channels
     * @param stride stride
     * @param kernel kernel
     * @return the block
     */
    public static MaeDetBlock stem(int in, int out, int stride, int kernel) {
        return new MaeDetBlock(BlockType.CONV_KX_BN_RELU, in, out, stride, kernel, 1, 0);
    }

    /**
     * A {@code SuperResK1KXK1} block.
     *
     * @param in input channels
     * @param out output channels
     * @param stride stride of unit 0
     * @param kernel k
     * @param units L
     * @param bottleneck btn
     * @return the block
     */
    public static MaeDetBlock superRes(int in, int out, int stride, int kernel, int units, int bottleneck) {
        return new MaeDetBlock(BlockType.SUPER_RES_K1KXK1, in, out, stride, kernel, units, bottleneck);
    }

    /** @return the class */
    public BlockType type() {
        return type;
    }

    /** @return input channels */
    public int in() {
        return in;
    }

    /** @return output channels */
    public int out() {
        return out;
    }

    /** @return stride */
    public int stride() {
        return stride;
    }

    /** @return kernel */
    public int kernel() {
        return kernel;
    }

    /** @return units L */
    public int units() {
        return units;
    }

    /** @return bottleneck width btn */
    public int bottleneck() {
        return bottleneck;
    }

    /** @return main-branch convolutions (the depth MAE-DET's layer budget counts) */
    public int layers() {
        return units * type.convsPerUnit();
    }

    /**
     * @param newIn the input channels
     * @return a copy with other input channels
     */
    public MaeDetBlock withIn(int newIn) {
        return new MaeDetBlock(type, newIn, out, stride, kernel, units, bottleneck);
    }

    /**
     * @param newOut the output channels
     * @return a copy with other output channels
     */
    public MaeDetBlock withOut(int newOut) {
        return new MaeDetBlock(type, in, newOut, stride, kernel, units, bottleneck);
    }

    /**
     * @param k the kernel
     * @return a copy with another kernel
     */
    public MaeDetBlock withKernel(int k) {
        return new MaeDetBlock(type, in, out, stride, k, units, bottleneck);
    }

    /**
     * @param l the units
     * @return a copy with another L
     */
    public MaeDetBlock withUnits(int l) {
        return new MaeDetBlock(type, in, out, stride, kernel, l, bottleneck);
    }

    /**
     * @param b the bottleneck width
     * @return a copy with another btn
     */
    public MaeDetBlock withBottleneck(int b) {
        return new MaeDetBlock(type, in, out, stride, kernel, units, b);
    }

    /**
     * The input channels of unit {@code j}: the block's input for the first unit, its output after
     * (the one unit walk of the cost count, the closed-form score, the entropy score and the built
     * backbone).
     *
     * @param j the unit, from 0
     * @return its input channels
     */
    int unitIn(int j) {
        return j == 0 ? in : out;
    }

    /**
     * @param j the unit, from 0
     * @return its stride: the block's for the first unit, 1 after
     */
    int unitStride(int j) {
        return j == 0 ? stride : 1;
    }

    /**
     * Whether unit {@code j}'s shortcut projects (1x1 conv + BN): when the channels change, and
     * always on the first unit of a {@code SuperResK1KXK1} block, as TinyNAS builds it.
     *
     * @param j the unit, from 0
     * @return true when it projects
     */
    boolean unitProjects(int j) {
        return unitIn(j) != out || (j == 0 && type == BlockType.SUPER_RES_K1KXK1);
    }

    /** @return the block as a TinyNAS dict literal */
    public String toLiteral() {
        JsonText text = new JsonText().beginString();
        writeLiteral(text);
        return unquoted(text.endString());
    }

    /**
     * @param text a writer that wrote one JSON string of literals ({@link #writeLiteral}) and nothing else
     * @return that string's text: digits, letters, spaces and {@code {}':,} need no escaping in
     *     JSON, so it is the literal text between the quotes
     */
    static String unquoted(JsonText text) {
        String quoted = text.toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    /**
     * Writes {@link #toLiteral()} into a JSON string being written: its type's fixed parts, escaped
     * once, and its numbers, with nothing built or kept per block (the log writes five or six a
     * line; a literal kept per block would hold 24 MB of a paper-scale search).
     *
     * @param text a writer inside a string value ({@link JsonText#beginString})
     */
    void writeLiteral(JsonText text) {
        JsonText.Fragment[] parts = LITERAL_PARTS[type.ordinal()];
        int numbers = parts.length - 1;
        // One loop over the parts and numbers rather than each written out: the JIT compiles (and
        // inlines into the log line's writer) one copy of each step, and compiles it sooner.
        for (int k = 0; k < numbers; k++) {
            text.stringPart(parts[k]).stringPart(literalNumber(k));
        }
        text.stringPart(parts[numbers]);
    }

    /** @return the literal's k-th number: in, out, s, k, L, btn */
    private int literalNumber(int k) {
        switch (k) {
            case 0:
                return in;
            case 1:
                return out;
            case 2:
                return stride;
            case 3:
                return kernel;
            case 4:
                return units;
            default:
                return bottleneck;
        }
    }

    private static JsonText.Fragment[][] literalParts() {
        JsonText.Fragment[][] parts = new JsonText.Fragment[BlockType.values().length][];
        for (BlockType t : BlockType.values()) {
            List<String> text = new ArrayList<>(List.of("{'class': '" + t.className() + "', 'in': ", ", 'out': ", ", 's': ", ", 'k': "));
            if (t != BlockType.CONV_KX_BN_RELU) {
                text.addAll(List.of(", 'L': ", ", 'btn': "));
            }
            text.add("}");
            parts[t.ordinal()] = text.stream().map(JsonText.Fragment::of).toArray(JsonText.Fragment[]::new);
        }
        return parts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MaeDetBlock)) {
            return false;
        }
        MaeDetBlock b = (MaeDetBlock) o;
        return type == b.type && in == b.in && out == b.out && stride == b.stride && kernel == b.kernel
                && units == b.units && bottleneck == b.bottleneck;
    }

    @Override
    public int hashCode() {
        long h = mix(0, this);
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Mixes a block's fields into a 64-bit running hash (FNV-1a over the fields, then a multiply
     * and shift per block): a structure's hash ({@link MaeDetStructure#hashCode()}) chains its
     * blocks through it. Polynomials of these small numbers, as {@code Objects.hash} and
     * {@code Arrays.hashCode} make, gave 15.8 % of a paper-scale search's structures a hash another one had.
     *
     * @param h the running hash
     * @param b the block
     * @return the new running hash
     */
    static long mix(long h, MaeDetBlock b) {
        final long prime = 0x100000001B3L;
        h = (h ^ b.type.ordinal()) * prime;
        h = (h ^ b.in) * prime;
        h = (h ^ b.out) * prime;
        h = (h ^ b.stride) * prime;
        h = (h ^ b.kernel) * prime;
        h = (h ^ b.units) * prime;
        h = (h ^ b.bottleneck) * prime;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    @Override
    public String toString() {
        return toLiteral();
    }
}
