package org.nas4det.spnas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.Architecture;

/**
 * One SP-NAS architecture: a block type, a serial code and a parallel code (K_i extra copies of
 * each stage, 0..3). Its canonical text is Vega's arch string
 * {@code <block>_<serial code>_<parallel code>}, e.g. {@code r_111-2111-211111-211_0-0-0-0}.
 *
 * <pre>{@code SpNasArch a = SpNasArch.parse("r_111-2111-211111-211_0-0-1-0"); a.parallel(); // [0, 0, 1, 0]}</pre>
 */
public final class SpNasArch implements Architecture {

    /** The most extra copies of one stage. */
    public static final int MAX_COPIES = 3;

    private final BlockType block;
    private final SerialCode serial;
    private final int[] parallel;

    private SpNasArch(BlockType block, SerialCode serial, int[] parallel) {
        this.block = Objects.requireNonNull(block);
        this.serial = Objects.requireNonNull(serial);
        if (parallel.length != serial.stages()) {
            throw new IllegalArgumentException("the parallel code has " + parallel.length + " entries but the serial code " + serial
                    + " has " + serial.stages() + " stages");
        }
        for (int k : parallel) {
            if (k < 0 || k > MAX_COPIES) {
                throw new IllegalArgumentException("a parallel entry is 0.." + MAX_COPIES + " extra copies, got " + k);
            }
        }
        this.parallel = parallel.clone();
    }

    /**
     * A serial architecture (no parallel copies).
     *
     * @param block the block type
     * @param serial the serial code
     * @return the architecture
     */
    public static SpNasArch serial(BlockType block, SerialCode serial) {
        return new SpNasArch(block, serial, new int[serial.stages()]);
    }

    /**
     * An architecture with parallel copies.
     *
     * @param block the block type
     * @param serial the serial code
     * @param parallel extra copies per stage
     * @return the architecture
     */
    public static SpNasArch of(BlockType block, SerialCode serial, int... parallel) {
        return new SpNasArch(block, serial, parallel);
    }

    /**
     * Reads an arch string {@code <block>_<serial>_<parallel>} ({@code _<parallel>} may be left
     * out: no copies).
     *
     * @param text the arch string
     * @return the architecture
     * @throws CodeFormatException pointing at the offending character
     */
    public static SpNasArch parse(String text) {
        if (text == null || text.isBlank()) {
            throw new CodeFormatException(String.valueOf(text), 0, "empty arch string: write <block>_<serial code>_<parallel code>, e.g. r_111-2111-211111-211_0-0-0-0");
        }
        int u1 = text.indexOf('_');
        if (u1 < 0) {
            throw new CodeFormatException(text, text.length(), "an arch string is <block>_<serial code>_<parallel code> (e.g. r_111-2111-211111-211_0-0-0-0); "
                    + "for a bare serial code give the block separately");
        }
        BlockType block;
        try {
            block = BlockType.parse(text.substring(0, u1));
        } catch (IllegalArgumentException e) {
            throw new CodeFormatException(text, 0, "unknown block prefix '" + text.substring(0, u1) + "': use r (bottleneck), b (basic) or x(32x4d) (ResNeXt)");
        }
        int u2 = text.indexOf('_', u1 + 1);
        int serialEnd = u2 < 0 ? text.length() : u2;
        SerialCode serial = SerialCode.parse(text, u1 + 1, serialEnd, text);
        int[] parallel = new int[serial.stages()];
        if (u2 >= 0) {
            List<Integer> ks = new ArrayList<>();
            int i = u2 + 1;
            while (true) {
                if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '9') {
                    throw new CodeFormatException(text, i, "expected the number of extra copies 0.." + MAX_COPIES);
                }
                int k = text.charAt(i) - '0';
                if (k > MAX_COPIES) {
                    throw new CodeFormatException(text, i, "a stage has at most " + MAX_COPIES + " extra copies, got " + k);
                }
                ks.add(k);
                i++;
                if (i == text.length()) {
                    break;
                }
                if (text.charAt(i) != '-') {
                    throw new CodeFormatException(text, i, "unexpected '" + text.charAt(i) + "': the parallel code is copies per stage joined by '-', e.g. 0-0-1-0");
                }
                i++;
            }
            if (ks.size() != serial.stages()) {
                throw new CodeFormatException(text, u2 + 1, "the parallel code has " + ks.size() + " entries, the serial code " + serial.stages()
                        + " stages: give one entry per stage");
            }
            for (int s = 0; s < parallel.length; s++) {
                parallel[s] = ks.get(s);
            }
        }
        return new SpNasArch(block, serial, parallel);
    }

    /**
     * Reads either an arch string or a bare serial code.
     *
     * @param text an arch string, or a code such as {@code 11-21-21-21}
     * @param block the block of a bare code
     * @return the architecture
     */
    public static SpNasArch parseCodeOrArch(String text, BlockType block) {
        return text != null && text.indexOf('_') >= 0 ? parse(text) : serial(block, SerialCode.parse(text));
    }

    /** @return the block type */
    public BlockType block() {
        return block;
    }

    /** @return the serial code */
    public SerialCode serialCode() {
        return serial;
    }

    /** @return extra copies per stage (a copy) */
    public int[] parallel() {
        return parallel.clone();
    }

    /** @return whether any stage has copies */
    public boolean hasCopies() {
        return Arrays.stream(parallel).anyMatch(k -> k > 0);
    }

    /**
     * @param copies extra copies per stage
     * @return this serial net with other copies
     */
    public SpNasArch withParallel(int... copies) {
        return new SpNasArch(block, serial, copies);
    }

    /**
     * @param code another serial code
     * @return that code with this block type and no copies
     */
    public SpNasArch withSerial(SerialCode code) {
        return serial(block, code);
    }

    /** @return the parallel code text, e.g. {@code 0-0-1-0} */
    public String parallelCode() {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < parallel.length; s++) {
            b.append(s == 0 ? "" : "-").append(parallel[s]);
        }
        return b.toString();
    }

    @Override
    public String encode() {
        return block.prefix() + "_" + serial + "_" + parallelCode();
    }

    @Override
    public String toString() {
        return encode();
    }

    @Override
    public boolean equals(Object o) {
        // Field by field, which agrees with encode() (each part's text is canonical), without
        // building the text per comparison (CONTRIBUTING: cheap Architecture equality).
        if (!(o instanceof SpNasArch)) {
            return false;
        }
        SpNasArch a = (SpNasArch) o;
        return block.equals(a.block) && serial.equals(a.serial) && Arrays.equals(parallel, a.parallel);
    }

    @Override
    public int hashCode() {
        // The prefix's hash, not BlockType's (an enum's): the same in every run.
        return (31 * block.prefix().hashCode() + serial.hashCode()) * 31 + Arrays.hashCode(parallel);
    }
}
