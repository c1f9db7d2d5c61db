package org.nas4det.detnas;

import ai.djl.nn.Block;
import com.google.common.base.Preconditions;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Random;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.Operators;
import org.nas4det.core.SearchSpace;
import org.nas4det.core.io.TextFiles;
import org.nas4det.core.eval.CocoJson;
import org.nas4det.core.nn.ConvBnAct;
import org.nas4det.core.nn.GlobalAvgPool;

/**
 * The DetNAS search space: a ShuffleNetV2 backbone whose every block is one of four choices.
 * {@link #small()} is the "300M" space (stem 16, widths 64/160/320/640, blocks 4/4/8/4),
 * {@link #large()} the "1.3G" space (stem 48, 96/240/480/960, 8/8/16/8); the builder takes any
 * widths and depths and the stride-2 {@link BlockConvention}.
 *
 * <pre>{@code DetNasSpace s = DetNasSpace.small(); Block b = s.build(DetNasArch.parse("[0,0,...]"));}</pre>
 */
public final class DetNasSpace implements SearchSpace<DetNasArch>, Operators<DetNasArch> {

    private final int stem;
    private final int[] widths;
    private final int[] depths;
    private final BlockConvention convention;
    private final List<Integer> levels;

    private DetNasSpace(Builder b) {
        this.stem = b.stem;
        this.widths = b.widths.clone();
        this.depths = b.depths.clone();
        this.convention = b.convention;
        this.levels = List.copyOf(b.levels);
    }

    /** @return the "300M" space with MMRazor's blocks */
    public static DetNasSpace small() {
        return builder().build();
    }

    /** @return the "1.3G" space with MMRazor's blocks */
    public static DetNasSpace large() {
        return builder().optStem(48).optWidths(96, 240, 480, 960).optDepths(8, 8, 16, 8).build();
    }

    /**
     * A space by name: {@code small}, {@code large}, or a JSON file holding a space
     * ({@link #toJson()}) or a subnet in nas4det JSON (its {@code "space"}).
     *
     * @param name the name or file
     * @return the space
     * @throws IllegalArgumentException for an unknown name or a bad file
     */
    public static DetNasSpace named(String name) {
        if (name.equals("small")) {
            return small();
        }
        if (name.equals("large")) {
            return large();
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("'" + name + "' is not a DetNAS space: use small, large or a JSON file");
        }
        JsonElement root;
        try {
            root = JsonFiles.parseStrict(TextFiles.readUtf8(file));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + JsonFiles.syntaxMessage(e), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object holding a space");
        }
        JsonObject o = root.getAsJsonObject();
        return fromJson(o.has("space") && o.get("space").isJsonObject() ? o.getAsJsonObject("space") : o, file.toString());
    }

    /**
     * The standard space an architecture source implies: the space a nas4det JSON file declares;
     * otherwise {@link #large()} for 40 blocks and {@link #small()} for anything else.
     *
     * @param source an int list or a file (int list, JSON or MMRazor YAML)
     * @return the space
     */
    public static DetNasSpace forArch(String source) {
        String t = source.trim();
        String text = t;
        if (!t.startsWith("[")) {
            try {
                text = Files.readString(Path.of(t), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return small(); // reading the architecture reports the problem
            }
        }
        int blocks;
        if (text.startsWith("{")) {
            try {
                JsonObject o = JsonParser.parseString(text).getAsJsonObject();
                if (o.has("space") && o.get("space").isJsonObject()) {
                    return fromJson(o.getAsJsonObject("space"), t);
                }
                blocks = o.has("choices") ? o.getAsJsonArray("choices").size() : 0;
            } catch (RuntimeException e) {
                return small();
            }
        } else if (text.startsWith("[")) {
            blocks = text.split(",").length;
        } else {
            blocks = (int) text.lines().filter(l -> l.matches("^(backbone\\.)?layers\\.\\d+\\.\\d+:\\s*$")).count();
        }
        return blocks == large().blocks() ? large() : small();
    }

    /**
     * A builder holding this space, to change some of it.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return builder().optStem(stem).optWidths(widths).optDepths(depths).optConvention(convention).optLevels(levels.toArray(new Integer[0]));
    }

    /** @return a builder starting from the small space */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the stem width */
    public int stemWidth() {
        return stem;
    }

    /** @return the stage widths */
    public int[] widths() {
        return widths.clone();
    }

    /** @return the stride-2 convention */
    public BlockConvention convention() {
        return convention;
    }

    /** @return the levels detection backbones return (2..5) */
    public List<Integer> levels() {
        return levels;
    }

    /** @return blocks per stage */
    public int[] depths() {
        return depths.clone();
    }

    /** @return the number of blocks */
    public int blocks() {
        return Arrays.stream(depths).sum();
    }

    /**
     * The space as JSON: {@code {"stem": 16, "widths": [...], "depths": [...], "convention":
     * "mmrazor", "levels": [2, 3, 4, 5]}}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("stem", stem);
        o.add("widths", ints(widths));
        o.add("depths", ints(depths));
        o.addProperty("convention", convention.name().toLowerCase(Locale.ROOT));
        o.add("levels", ints(levels.stream().mapToInt(Integer::intValue).toArray()));
        return o;
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * Reads a space from {@link #toJson()}'s form; absent fields keep the small space's values.
     *
     * @param o the JSON object
     * @param where names the source in error messages (a file, or "detnas.json field 'space'")
     * @return the space
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static DetNasSpace fromJson(JsonObject o, String where) {
        Set<String> known = Set.of("stem", "widths", "depths", "convention", "levels");
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown space field '" + k + "' (known: " + known + ")");
            }
        }
        Builder b = builder();
        try {
            if (o.has("stem")) {
                b.optStem(intArray(wrap(o.get("stem")))[0]);
            }
            if (o.has("widths")) {
                b.optWidths(intArray(o.get("widths")));
            }
            if (o.has("depths")) {
                b.optDepths(intArray(o.get("depths")));
            }
            if (o.has("convention")) {
                b.optConvention(BlockConvention.valueOf(o.get("convention").getAsString().toUpperCase(Locale.ROOT)));
            }
            if (o.has("levels")) {
                b.optLevels(Arrays.stream(intArray(o.get("levels"))).boxed().toArray(Integer[]::new));
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | ClassCastException e) {
            throw new IllegalArgumentException(where + ": bad space: " + e.getMessage()
                    + " (expected {\"stem\": 16, \"widths\": [64, 160, 320, 640], \"depths\": [4, 4, 8, 4],"
                    + " \"convention\": \"mmrazor\"|\"official\", \"levels\": [2, 3, 4, 5]})", e);
        }
    }

    private static JsonArray wrap(JsonElement e) {
        JsonArray a = new JsonArray();
        a.add(e);
        return a;
    }

    private static int[] intArray(JsonElement e) {
        List<Integer> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsString().matches("-?[0-9]{1,9}")) {
                throw new IllegalArgumentException(x + " is not an integer");
            }
            out.add(x.getAsInt());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetNasSpace && toJson().equals(((DetNasSpace) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String describe() {
        return "detnas(stem=" + stem + ", widths=" + Arrays.toString(widths) + ", depths=" + Arrays.toString(depths)
                + ", " + convention + ")";
    }

    @Override
    public DetNasArch sample(Random rng) {
        int[] c = new int[blocks()];
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.nextInt(Choice.values().length);
        }
        return new DetNasArch(c);
    }

    @Override
    public DetNasArch mutate(DetNasArch parent, Random rng, double p) {
        int[] c = parent.choices();
        for (int i = 0; i < c.length; i++) {
            if (rng.nextDouble() < p) {
                c[i] = rng.nextInt(Choice.values().length);
            }
        }
        return new DetNasArch(c);
    }

    @Override
    public DetNasArch crossover(DetNasArch first, DetNasArch second, Random rng, double p) {
        int[] a = first.choices();
        int[] b = second.choices();
        for (int i = 0; i < a.length; i++) {
            if (rng.nextDouble() < p) {
                a[i] = b[i];
            }
        }
        return new DetNasArch(a);
    }

    @Override
    public DetNasArch decode(String encoding) {
        DetNasArch a = DetNasArch.parse(encoding);
        validate(a);
        return a;
    }

    @Override
    public void validate(DetNasArch arch) {
        if (arch.size() != blocks()) {
            throw new IllegalArgumentException("the architecture has " + arch.size() + " blocks, the space "
                    + Arrays.toString(depths) + " has " + blocks());
        }
    }

    @Override
    public Block build(DetNasArch arch) {
        validate(arch);
        return new DetNasBackbone(stem, widths, depths, arch, convention, levels);
    }

    /**
     * Builds the classifier DetNAS pre-trains: the backbone's last stage, 1×1 conv to 1024 with BN
     * and ReLU, global average pooling and a linear layer with bias.
     *
     * @param arch the subnet
     * @param classes number of classes
     * @return the classifier
     */
    public Block classifier(DetNasArch arch, int classes) {
        validate(arch);
        return new SequentialBlock()
                .add(new DetNasBackbone(stem, widths, depths, arch, convention, List.of(5)))
                .add(ConvBnAct.builder().setChannels(1024).setKernel(1).build())
                .add(new GlobalAvgPool())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** Builds a {@link DetNasSpace}. */
    public static final class Builder {
        private int stem = 16;
        private int[] widths = {64, 160, 320, 640};
        private int[] depths = {4, 4, 8, 4};
        private BlockConvention convention = BlockConvention.MMRAZOR;
        private List<Integer> levels = List.of(2, 3, 4, 5);

        private Builder() {}

        /**
         * @param c stem width, 1 or more (default 16)
         * @return this builder
         */
        public Builder optStem(int c) {
            Preconditions.checkArgument(c >= 1, "optStem: the stem width must be >= 1, got %s", c);
            this.stem = c;
            return this;
        }

        /**
         * @param w stage widths, even and 2 or more (default 64, 160, 320, 640)
         * @return this builder
         */
        public Builder optWidths(int... w) {
            Preconditions.checkNotNull(w, "optWidths: null");
            for (int x : w) {
                Preconditions.checkArgument(x >= 2 && x % 2 == 0, "optWidths: stage widths must be even and >= 2, got %s", x);
            }
            this.widths = w.clone();
            return this;
        }

        /**
         * @param d blocks per stage, 1 or more (default 4, 4, 8, 4)
         * @return this builder
         */
        public Builder optDepths(int... d) {
            Preconditions.checkNotNull(d, "optDepths: null");
            for (int x : d) {
                Preconditions.checkArgument(x >= 1, "optDepths: every stage needs at least one block, got depths %s", Arrays.toString(d));
            }
            this.depths = d.clone();
            return this;
        }

        /**
         * @param c the stride-2 channel split (default MMRazor's)
         * @return this builder
         */
        public Builder optConvention(BlockConvention c) {
            this.convention = Preconditions.checkNotNull(c, "optConvention: null");
            return this;
        }

        /**
         * @param l stage levels the detection backbone returns, 2 = stride 4 .. 5 = stride 32 (default 2, 3, 4, 5)
         * @return this builder
         */
        public Builder optLevels(Integer... l) {
            Preconditions.checkNotNull(l, "optLevels: null");
            Preconditions.checkArgument(l.length > 0, "optLevels: select at least one level");
            int last = 1;
            for (Integer x : l) {
                // The top level depends on the widths, set in any order: build() checks it.
                Preconditions.checkArgument(x != null && x > last, "optLevels: levels must be ascending from 2, got %s", Arrays.toString(l));
                last = x;
            }
            this.levels = List.of(l);
            return this;
        }

        /**
         * @param c stem width
         * @return this builder
         * @deprecated the builder vocabulary's name is {@link #optStem(int)}
         */
        @Deprecated
        public Builder stem(int c) {
            return optStem(c);
        }

        /**
         * @param w stage widths
         * @return this builder
         * @deprecated the builder vocabulary's name is {@link #optWidths(int...)}
         */
        @Deprecated
        public Builder widths(int... w) {
            return optWidths(w);
        }

        /**
         * @param d blocks per stage
         * @return this builder
         * @deprecated the builder vocabulary's name is {@link #optDepths(int...)}
         */
        @Deprecated
        public Builder depths(int... d) {
            return optDepths(d);
        }

        /**
         * @param c the stride-2 channel split
         * @return this builder
         * @deprecated the builder vocabulary's name is {@link #optConvention(BlockConvention)}
         */
        @Deprecated
        public Builder convention(BlockConvention c) {
            return optConvention(c);
        }

        /**
         * @param l stage levels the detection backbone returns
         * @return this builder
         * @deprecated the builder vocabulary's name is {@link #optLevels(Integer...)}
         */
        @Deprecated
        public Builder levels(Integer... l) {
            return optLevels(l);
        }

        /**
         * Builds the space; each value was checked by its setter, the settings that must agree here.
         *
         * @return the space
         * @throws IllegalArgumentException when widths and depths differ in length, or a level is above the last stage
         */
        public DetNasSpace build() {
            if (widths.length != depths.length) {
                throw new IllegalArgumentException("optWidths, optDepths: " + widths.length + " widths but " + depths.length
                        + " depths; give one of each per stage");
            }
            int top = levels.get(levels.size() - 1);
            if (top > widths.length + 1) {
                throw new IllegalArgumentException("optLevels: levels must be within 2.." + (widths.length + 1) + " for "
                        + widths.length + " stages, got " + levels);
            }
            return new DetNasSpace(this);
        }
    }
}
