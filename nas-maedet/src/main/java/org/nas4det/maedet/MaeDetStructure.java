package org.nas4det.maedet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nas4det.core.Architecture;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.io.TextFiles;
import org.nas4det.core.io.Utf8Buffer;

/**
 * A MAE-DET backbone structure: a chain of TinyNAS blocks. Reads both TinyNAS formats (v1 bare
 * list, v2 {@code {'best_structures': [[...]], 'space_arch': ...}}) and our JSON, writes v2.
 * Stages end before every stride-2 block (except the first) and at the last block.
 *
 * <pre>{@code MaeDetStructure s = MaeDetStructure.read(Path.of("maedet_s.txt")); s.writeTo(Path.of("best.txt"));}</pre>
 */
public final class MaeDetStructure implements Architecture {

    /**
     * Sanity cap on channel widths ({@code in}, {@code out}, {@code btn}): 32 times the search
     * space's own limit of 2048, so every released structure (widths up to 2400) fits, while a
     * typo such as {@code btn: 1000000000} is rejected before anything is built or counted.
     */
    public static final int MAX_CHANNELS = 65_536;

    /**
     * Sanity cap on {@code L}, the units of one block: the released structures use at most 16;
     * a block of a million units would take minutes just to be built.
     */
    public static final int MAX_UNITS = 1_024;

    /** Sanity cap on the kernel size {@code k} (the space uses 3 and 5). */
    public static final int MAX_KERNEL = 31;

    /** Sanity cap on the number of blocks of a structure. */
    public static final int MAX_BLOCKS = 1_024;

    /**
     * Block keys read from a file. TinyNAS also writes {@code p} (padding) and {@code g} (groups),
     * accepted at their default values only, and {@code force_resproj_skip}, which has no effect;
     * any other key (a typo, a quantisation variant) is an error rather than silently ignored.
     */
    private static final Set<String> BLOCK_KEYS = Set.of("class", "in", "out", "s", "k", "L", "btn", "act", "p", "g",
            "force_resproj_skip");

    // The parts of encode() around the blocks' literals, for writeEncoding.
    private static final JsonText.Fragment OPEN = JsonText.Fragment.of("[");
    private static final JsonText.Fragment SEPARATOR = JsonText.Fragment.of(", ");
    private static final JsonText.Fragment CLOSE = JsonText.Fragment.of("]");

    /** Top-level keys of a TinyNAS v2 file. */
    private static final Set<String> V2_KEYS = Set.of("best_structures", "space_arch");

    // The chain as an array for the search's hot loops (equality, hashing, depth, children,
    // costs, scores: block(i) and size()). No list view is kept: blocks() makes one on demand,
    // since a search keeps every child it admits and discards several times as many.
    private final MaeDetBlock[] chain;
    private final int layers;
    // The search's "seen" set hashes every child: hash the blocks once. (The text is not kept: a
    // search writes it once, to the log, and 92,592 kept texts of 1.5 kB each were most of what
    // the garbage collector copied during a paper-scale search.)
    private transient int hash;

    /**
     * Creates a structure.
     *
     * @param blocks the blocks, stem first
     * @throws StructureFormatException when the chain is invalid
     */
    public MaeDetStructure(List<MaeDetBlock> blocks) {
        this(List.copyOf(blocks).toArray(new MaeDetBlock[0]));
    }

    /** A structure that takes the array as its own ({@link #with}: no second copy per child). */
    private MaeDetStructure(MaeDetBlock[] owned) {
        this.chain = owned;
        validate(null);
        int n = 0;
        for (MaeDetBlock b : owned) {
            n += b.layers();
        }
        this.layers = n;
    }

    /**
     * Reads a structure file (v1, v2 or JSON).
     *
     * @param file the file
     * @return the structure
     * @throws StructureFormatException naming the file, block index and key
     */
    public static MaeDetStructure read(Path file) {
        if (!Files.exists(file)) {
            throw new StructureFormatException(file + ": file does not exist");
        }
        String text = TextFiles.readUtf8(file);
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
            for (Object key : ((Map<?, ?>) root).keySet()) {
                if (!V2_KEYS.contains(key)) {
                    throw new StructureFormatException("unknown key '" + key + "' (a TinyNAS v2 file has " + V2_KEYS + ")");
                }
            }
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
        if (raw.size() > MAX_BLOCKS) {
            throw new StructureFormatException("the structure has " + raw.size() + " blocks, more than the sanity cap of " + MAX_BLOCKS);
        }
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
        for (Object key : m.keySet()) {
            if (!BLOCK_KEYS.contains(key)) {
                throw new StructureFormatException("block " + i + ", key '" + key + "': unknown key (known: class, in, out, s, k, L, btn,"
                        + " act, p, g)");
            }
        }
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
        if (m.containsKey("p") && !Long.valueOf((k - 1) / 2).equals(m.get("p"))) {
            throw new StructureFormatException("block " + i + ", key 'p': only the default padding (k-1)/2 = " + (k - 1) / 2
                    + " is supported, got '" + m.get("p") + "'");
        }
        if (m.containsKey("g") && !Long.valueOf(1).equals(m.get("g"))) {
            throw new StructureFormatException("block " + i + ", key 'g': only groups 1 is supported, got '" + m.get("g") + "'");
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
        long n = (Long) v;
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new StructureFormatException("block " + i + ", key '" + key + "': " + n + " is out of range");
        }
        return (int) n;
    }

    private void validate(String where) {
        for (int i = 0; i < chain.length; i++) {
            MaeDetBlock b = chain[i];
            if (b.in() <= 0 || b.out() <= 0) {
                throw new StructureFormatException(at(i) + "'" + (b.in() <= 0 ? "in" : "out") + "': channels must be positive");
            }
            if (b.stride() != 1 && b.stride() != 2) {
                throw new StructureFormatException(at(i) + "'s': stride must be 1 or 2, got " + b.stride());
            }
            if (b.kernel() <= 0 || b.kernel() % 2 == 0) {
                throw new StructureFormatException(at(i) + "'k': kernel must be odd and positive, got " + b.kernel());
            }
            if (b.type() != BlockType.CONV_KX_BN_RELU && (b.units() <= 0 || b.bottleneck() <= 0)) {
                throw new StructureFormatException(at(i) + "'" + (b.units() <= 0 ? "L" : "btn") + "': must be positive");
            }
            checkCap(i, "in", b.in(), MAX_CHANNELS);
            checkCap(i, "out", b.out(), MAX_CHANNELS);
            checkCap(i, "k", b.kernel(), MAX_KERNEL);
            if (b.type() != BlockType.CONV_KX_BN_RELU) {
                checkCap(i, "btn", b.bottleneck(), MAX_CHANNELS);
                checkCap(i, "L", b.units(), MAX_UNITS);
            }
            if (i > 0 && b.in() != chain[i - 1].out()) {
                throw new StructureFormatException(at(i) + "'in': " + b.in() + " does not match block " + (i - 1)
                        + "'s 'out' " + chain[i - 1].out() + " (the channel chain is broken)");
            }
        }
    }

    /** The start of a message about block i (made only for a failure: a search validates every proposal). */
    private static String at(int i) {
        return "block " + i + ", key ";
    }

    private static void checkCap(int block, String key, int value, int cap) {
        if (value > cap) {
            throw new StructureFormatException(at(block) + "'" + key + "': " + value + " is above the sanity cap of " + cap
                    + " (MaeDetStructure.MAX_" + (key.equals("k") ? "KERNEL" : key.equals("L") ? "UNITS" : "CHANNELS") + ")");
        }
    }

    /** @return the blocks, stem first (a read-only view) */
    public List<MaeDetBlock> blocks() {
        return Collections.unmodifiableList(Arrays.asList(chain));
    }

    /** @return the number of blocks */
    int size() {
        return chain.length;
    }

    /** @return block {@code i}, stem first */
    MaeDetBlock block(int i) {
        return chain[i];
    }

    /** @return index of the last block of each stage */
    public List<Integer> stageEnds() {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < chain.length; i++) {
            if (endsStage(i)) {
                ends.add(i);
            }
        }
        return Collections.unmodifiableList(ends);
    }

    /** Whether block {@code i} is the last of a stage: the next block has stride 2, or it is the last. */
    boolean endsStage(int i) {
        return i + 1 == chain.length || chain[i + 1].stride() == 2;
    }

    /** @return the number of stages */
    public int stages() {
        int n = 0;
        for (int i = 0; i < chain.length; i++) {
            n += endsStage(i) ? 1 : 0;
        }
        return n;
    }

    /** @return main-branch convolutions (MAE-DET's layer count) */
    public int layers() {
        return layers;
    }

    /** @return the v1 form: a bare list */
    @Override
    public String encode() {
        JsonText text = new JsonText(new Utf8Buffer(100 * chain.length + 2));
        writeEncoding(text);
        return MaeDetBlock.unquoted(text);
    }

    /** Writes {@link #encode()} from the blocks' fields and fixed parts, without building the text first. */
    @Override
    public void writeEncoding(JsonText out) {
        out.beginString().stringPart(OPEN);
        for (int i = 0; i < chain.length; i++) {
            if (i > 0) {
                out.stringPart(SEPARATOR);
            }
            chain[i].writeLiteral(out);
        }
        out.stringPart(CLOSE).endString();
    }

    /** @return the TinyNAS v2 file text */
    public String toV2() {
        StringBuilder sb = new StringBuilder("{'best_structures': [[\n");
        for (int i = 0; i < chain.length; i++) {
            sb.append("    ").append(chain[i].toLiteral()).append(i + 1 < chain.length ? ",\n" : "]],\n");
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
        MaeDetBlock[] b = chain.clone();
        b[index] = Objects.requireNonNull(block, "block");
        for (int i = 1; i < b.length; i++) {
            if (b[i].in() != b[i - 1].out()) {
                b[i] = b[i].withIn(b[i - 1].out());
            }
        }
        return new MaeDetStructure(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaeDetStructure && Arrays.equals(chain, ((MaeDetStructure) o).chain);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            long x = 0xCBF29CE484222325L;
            for (MaeDetBlock b : chain) {
                x = MaeDetBlock.mix(x, b);
            }
            // Murmur3's finaliser: HashMap uses the low bits.
            x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
            x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
            h = (int) (x ^ (x >>> 33));
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return encode();
    }
}
