package org.nas4det.maedet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nas4det.core.Architecture;

/**
 * A MAE-DET backbone structure: a chain of TinyNAS blocks. Reads both TinyNAS formats (v1 bare
 * list, v2 {@code {'best_structures': [[...]], 'space_arch': ...}}) and our JSON, writes v2.
 * Stages end before every stride-2 block (except the first) and at the last block.
 *
 * <pre>{@code MaeDetStructure s = MaeDetStructure.read(Path.of("maedet_s.txt")); s.writeTo(Path.of("best.txt"));}</pre>
 */
public final class MaeDetStructure implements Architecture {

    private final List<MaeDetBlock> blocks;

    /**
     * Creates a structure.
     *
     * @param blocks the blocks, stem first
     * @throws StructureFormatException when the chain is invalid
     */
    public MaeDetStructure(List<MaeDetBlock> blocks) {
        this.blocks = List.copyOf(blocks);
        validate(null);
    }

    /**
     * Reads a structure file (v1, v2 or JSON).
     *
     * @param file the file
     * @return the structure
     * @throws StructureFormatException naming the file, block index and key
     */
    public static MaeDetStructure read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StructureFormatException(file + ": file does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return parse(text);
        } catch (StructureFormatException | PyLiteral.SyntaxError e) {
            throw new StructureFormatException(file + ": " + e.getMessage());
        }
    }

    /**
     * Parses a structure from text (v1 list, v2 dict, or JSON).
     *
     * @param text the literal
     * @return the structure
     */
    public static MaeDetStructure parse(String text) {
        Object root = PyLiteral.parse(text);
        Object list = root;
        if (root instanceof Map) {
            Object best = ((Map<?, ?>) root).get("best_structures");
            if (!(best instanceof List) || ((List<?>) best).isEmpty() || !(((List<?>) best).get(0) instanceof List)) {
                throw new StructureFormatException("expected 'best_structures': [[block, ...]] (TinyNAS v2) or a list of blocks (v1)");
            }
            list = ((List<?>) best).get(0);
        }
        if (!(list instanceof List)) {
            throw new StructureFormatException("expected a list of blocks or a dict with 'best_structures'");
        }
        List<MaeDetBlock> blocks = new ArrayList<>();
        List<?> raw = (List<?>) list;
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map)) {
                throw new StructureFormatException("block " + i + ": expected a dict");
            }
            blocks.add(block(i, (Map<?, ?>) raw.get(i)));
        }
        if (blocks.isEmpty()) {
            throw new StructureFormatException("the structure has no block");
        }
        return new MaeDetStructure(blocks);
    }

    private static MaeDetBlock block(int i, Map<?, ?> m) {
        Object cls = m.get("class");
        if (!(cls instanceof String)) {
            throw new StructureFormatException("block " + i + ", key 'class': missing");
        }
        BlockType type = BlockType.byClassName((String) cls);
        if (type == null) {
            throw new StructureFormatException("block " + i + ", key 'class': unknown block class '" + cls
                    + "' (known: ConvKXBNRELU, SuperResK1KXK1, SuperResConvK1KXK1, SuperResKXKX)");
        }
        int in = integer(i, m, "in", -1);
        int out = integer(i, m, "out", -1);
        int s = integer(i, m, "s", 1);
        int k = integer(i, m, "k", -1);
        boolean superRes = type != BlockType.CONV_KX_BN_RELU;
        int l = superRes ? integer(i, m, "L", -1) : 1;
        int btn = superRes ? integer(i, m, "btn", -1) : 0;
        if (m.containsKey("act") && !"relu".equals(m.get("act"))) {
            throw new StructureFormatException("block " + i + ", key 'act': only 'relu' is supported, got '" + m.get("act") + "'");
        }
        return new MaeDetBlock(type, in, out, s, k, l, btn);
    }

    private static int integer(int i, Map<?, ?> m, String key, int dflt) {
        Object v = m.get(key);
        if (v == null) {
            if (dflt >= 0) {
                return dflt;
            }
            throw new StructureFormatException("block " + i + ", key '" + key + "': missing");
        }
        if (!(v instanceof Long)) {
            throw new StructureFormatException("block " + i + ", key '" + key + "': expected an integer, got '" + v + "'");
        }
        return Math.toIntExact((Long) v);
    }

    private void validate(String where) {
        for (int i = 0; i < blocks.size(); i++) {
            MaeDetBlock b = blocks.get(i);
            String p = "block " + i + ", key ";
            if (b.in() <= 0 || b.out() <= 0) {
                throw new StructureFormatException(p + "'" + (b.in() <= 0 ? "in" : "out") + "': channels must be positive");
            }
            if (b.stride() != 1 && b.stride() != 2) {
                throw new StructureFormatException(p + "'s': stride must be 1 or 2, got " + b.stride());
            }
            if (b.kernel() <= 0 || b.kernel() % 2 == 0) {
                throw new StructureFormatException(p + "'k': kernel must be odd and positive, got " + b.kernel());
            }
            if (b.type() != BlockType.CONV_KX_BN_RELU && (b.units() <= 0 || b.bottleneck() <= 0)) {
                throw new StructureFormatException(p + "'" + (b.units() <= 0 ? "L" : "btn") + "': must be positive");
            }
            if (i > 0 && b.in() != blocks.get(i - 1).out()) {
                throw new StructureFormatException(p + "'in': " + b.in() + " does not match block " + (i - 1)
                        + "'s 'out' " + blocks.get(i - 1).out() + " (the channel chain is broken)");
            }
        }
    }

    /** @return the blocks, stem first */
    public List<MaeDetBlock> blocks() {
        return blocks;
    }

    /** @return index of the last block of each stage */
    public List<Integer> stageEnds() {
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).stride() == 2) {
                ends.add(i - 1);
            }
        }
        ends.add(blocks.size() - 1);
        return Collections.unmodifiableList(ends);
    }

    /** @return the number of stages */
    public int stages() {
        return stageEnds().size();
    }

    /** @return main-branch convolutions (MAE-DET's layer count) */
    public int layers() {
        int n = 0;
        for (MaeDetBlock b : blocks) {
            n += b.layers();
        }
        return n;
    }

    /** @return the v1 form: a bare list */
    @Override
    public String encode() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < blocks.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(blocks.get(i).toLiteral());
        }
        return sb.append(']').toString();
    }

    /** @return the TinyNAS v2 file text */
    public String toV2() {
        StringBuilder sb = new StringBuilder("{'best_structures': [[\n");
        for (int i = 0; i < blocks.size(); i++) {
            sb.append("    ").append(blocks.get(i).toLiteral()).append(i + 1 < blocks.size() ? ",\n" : "]],\n");
        }
        return sb.append("'space_arch': 'CnnNet'}\n").toString();
    }

    /**
     * Writes the structure in TinyNAS v2 format.
     *
     * @param file the file
     */
    public void writeTo(Path file) {
        try {
            Files.writeString(file, toV2(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Returns a copy with one block replaced and the channel chain re-linked ({@code in} = the
     * previous block's {@code out}).
     *
     * @param index the block
     * @param block the new block
     * @return the structure
     */
    public MaeDetStructure with(int index, MaeDetBlock block) {
        List<MaeDetBlock> b = new ArrayList<>(blocks);
        b.set(index, block);
        for (int i = 1; i < b.size(); i++) {
            if (b.get(i).in() != b.get(i - 1).out()) {
                b.set(i, b.get(i).withIn(b.get(i - 1).out()));
            }
        }
        return new MaeDetStructure(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaeDetStructure && blocks.equals(((MaeDetStructure) o).blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
