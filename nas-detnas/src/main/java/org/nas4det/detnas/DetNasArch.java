package org.nas4det.detnas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nas4det.core.Architecture;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.JsonText;
import org.nas4det.core.io.TextFiles;

/**
 * A DetNAS subnet: one {@link Choice} per block, blocks in stage order. Reads and writes the
 * official list of ints ({@code [1,0,0,0, 3,0,3,2, ...]}), MMRazor 1.x fix_subnet YAML
 * ({@code backbone.layers.<stage>.<block>:} / {@code   chosen: shuffle_7x7}) and nas4det's JSON
 * ({@code {"format": "nas4det-detnas-subnet", "version": 1, "space": {...}, "choices": [...],
 * "blocks": [["shuffle_5x5", ...], ...]}}, "blocks" being the same choices by name per stage).
 *
 * <pre>{@code DetNasArch a = DetNasArch.read("best_subnet.json", DetNasSpace.small()); // or ints, or YAML}</pre>
 */
public final class DetNasArch implements Architecture {

    private static final Pattern KEY = Pattern.compile("^(?:backbone\\.)?layers\\.(\\d+)\\.(\\d+):\\s*$");
    // A bare name, or one in a flow list ([name]) or quotes; brackets and quotes must pair.
    private static final Pattern CHOSEN = Pattern.compile(
            "^\\s+chosen:\\s*(?:\\[\\s*(['\"]?)([A-Za-z0-9_]+)\\1\\s*]|(['\"]?)([A-Za-z0-9_]+)\\3)\\s*$");

    /** The {@code format} value of nas4det's JSON. */
    public static final String JSON_FORMAT = "nas4det-detnas-subnet";

    private static final Set<String> JSON_KEYS = Set.of("format", "version", "space", "choices", "blocks");

    private final int[] choices;

    /**
     * Creates an architecture.
     *
     * @param choices choice index (0..3) per block
     */
    public DetNasArch(int[] choices) {
        for (int i = 0; i < choices.length; i++) {
            if (choices[i] < 0 || choices[i] >= Choice.values().length) {
                throw new IllegalArgumentException("block " + i + ": choice " + choices[i] + " is not 0..3");
            }
        }
        this.choices = choices.clone();
    }

    /**
     * Parses the official list of ints.
     *
     * @param text e.g. {@code [2,1,2,0, ...]}
     * @return the architecture
     */
    public static DetNasArch parse(String text) {
        String t = text.trim();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("a DetNAS architecture is a list of ints like [2,1,2,0,...], got '" + text + "'");
        }
        String body = t.substring(1, t.length() - 1).trim();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the DetNAS architecture list is empty");
        }
        String[] parts = body.split(",");
        int[] c = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                c[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("block " + i + ": '" + parts[i].trim() + "' is not an int");
            }
        }
        return new DetNasArch(c);
    }

    /**
     * Reads a MMRazor fix_subnet YAML file.
     *
     * @param file the YAML
     * @param blocksPerStage the space's depths, to order and check the keys
     * @return the architecture
     * @throws IllegalArgumentException naming the file and line of an unknown key or choice
     */
    public static DetNasArch readYaml(Path file, int[] blocksPerStage) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": file does not exist");
        }
        List<String> lines = TextFiles.readUtf8(file).lines().collect(java.util.stream.Collectors.toList());
        int total = Arrays.stream(blocksPerStage).sum();
        int[] c = new int[total];
        Arrays.fill(c, -1);
        int pending = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String where = file + " line " + (n + 1);
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            Matcher k = KEY.matcher(line);
            Matcher v = CHOSEN.matcher(line);
            if (k.matches()) {
                if (pending >= 0) {
                    throw new IllegalArgumentException(where + ": the previous key has no 'chosen' value");
                }
                int stage = Integer.parseInt(k.group(1));
                int block = Integer.parseInt(k.group(2));
                if (stage >= blocksPerStage.length || block >= blocksPerStage[stage]) {
                    throw new IllegalArgumentException(where + ": layers." + stage + "." + block + " is not a block of this space "
                            + Arrays.toString(blocksPerStage));
                }
                int index = block;
                for (int s = 0; s < stage; s++) {
                    index += blocksPerStage[s];
                }
                if (c[index] >= 0) {
                    throw new IllegalArgumentException(where + ": layers." + stage + "." + block + " is listed twice");
                }
                pending = index;
            } else if (v.matches() && pending >= 0) {
                String name = v.group(2) != null ? v.group(2) : v.group(4);
                Choice choice = Choice.byName(name);
                if (choice == null) {
                    throw new IllegalArgumentException(where + ": unknown choice '" + name
                            + "' (known: shuffle_3x3, shuffle_5x5, shuffle_7x7, shuffle_xception)");
                }
                c[pending] = choice.ordinal();
                pending = -1;
            } else {
                throw new IllegalArgumentException(where + ": expected 'backbone.layers.<stage>.<block>:' or '  chosen: <name>', got '"
                        + line.trim() + "'");
            }
        }
        for (int i = 0; i < total; i++) {
            if (c[i] < 0) {
                throw new IllegalArgumentException(file + ": block " + i + " has no choice");
            }
        }
        return new DetNasArch(c);
    }

    /**
     * Writes MMRazor 1.x fix_subnet YAML.
     *
     * @param file the file
     * @param blocksPerStage the space's depths
     */
    public void writeYaml(Path file, int[] blocksPerStage) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (int s = 0; s < blocksPerStage.length; s++) {
            for (int b = 0; b < blocksPerStage[s]; b++) {
                sb.append(String.format(Locale.ROOT, "backbone.layers.%d.%d:%n  chosen: %s%n", s, b,
                        Choice.values()[choices[i++]].mmrazorName()));
            }
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads an architecture in any of its formats: an inline int list, or a file holding an int
     * list, nas4det JSON or MMRazor fix_subnet YAML (told apart by their first character).
     *
     * @param source {@code [2,1,...]} or a file path
     * @param space the space it must belong to
     * @return the architecture, validated against the space
     * @throws IllegalArgumentException naming the file, line or field that is wrong
     */
    public static DetNasArch read(String source, DetNasSpace space) {
        DetNasArch a;
        String t = source.trim();
        if (t.startsWith("[")) {
            a = parse(t);
        } else {
            Path file = Path.of(t);
            String text = text(file);
            String head = text.stripLeading();
            if (head.startsWith("{")) {
                a = fromJson(json(file, text), space, file.toString());
            } else if (head.startsWith("[")) {
                try {
                    a = parse(head);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            } else {
                a = readYaml(file, space.depths());
            }
        }
        try {
            space.validate(a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((t.startsWith("[") ? "" : t + ": ") + e.getMessage(), e);
        }
        return a;
    }

    private static String text(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": file does not exist (give a file, or an int list like [0,1,2,3,...])");
        }
        return TextFiles.readUtf8(file);
    }

    private static JsonObject json(Path file, String text) {
        try {
            JsonElement e = JsonFiles.parseStrict(text);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + JsonFiles.syntaxMessage(e), e);
        }
    }

    /**
     * Reads nas4det's JSON form.
     *
     * @param o the object
     * @param space the space the architecture belongs to; a {@code "space"} field must match it
     * @param where names the source in error messages
     * @return the architecture
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static DetNasArch fromJson(JsonObject o, DetNasSpace space, String where) {
        for (String k : o.keySet()) {
            if (!JSON_KEYS.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown field '" + k + "' (known: " + JSON_KEYS + ")");
            }
        }
        if (o.has("format") && !(o.get("format").isJsonPrimitive() && JSON_FORMAT.equals(o.get("format").getAsString()))) {
            throw new IllegalArgumentException(where + ": field 'format' is " + o.get("format") + ", expected \"" + JSON_FORMAT + "\"");
        }
        // Compared as JSON, not converted: "abc", 1.5 or an object is simply not version 1.
        if (o.has("version") && !o.get("version").equals(new JsonPrimitive(1))
                && !(o.get("version").isJsonPrimitive() && o.get("version").getAsJsonPrimitive().isNumber()
                        && new java.math.BigDecimal(o.get("version").getAsString()).compareTo(java.math.BigDecimal.ONE) == 0)) {
            throw new IllegalArgumentException(where + ": field 'version' " + o.get("version") + " is not supported (1 is)");
        }
        if (o.has("space")) {
            if (!o.get("space").isJsonObject()) {
                throw new IllegalArgumentException(where + ": field 'space' must be an object");
            }
            DetNasSpace declared = DetNasSpace.fromJson(o.getAsJsonObject("space"), where + " field 'space'");
            if (!Arrays.equals(declared.depths(), space.depths()) || !Arrays.equals(declared.widths(), space.widths())
                    || declared.stemWidth() != space.stemWidth() || declared.convention() != space.convention()) {
                throw new IllegalArgumentException(where + ": field 'space' " + declared.describe()
                        + " is not the space in use " + space.describe());
            }
        }
        int[] fromInts = null;
        if (o.has("choices")) {
            JsonElement c = o.get("choices");
            if (!c.isJsonArray()) {
                throw new IllegalArgumentException(where + ": field 'choices' must be a list of ints 0..3");
            }
            fromInts = new int[c.getAsJsonArray().size()];
            for (int i = 0; i < fromInts.length; i++) {
                JsonElement x = c.getAsJsonArray().get(i);
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()
                        || !x.getAsString().matches("-?[0-9]{1,9}")) {
                    throw new IllegalArgumentException(where + ": field 'choices' entry " + i + " is " + x + ", not an int 0..3");
                }
                fromInts[i] = x.getAsInt();
            }
        }
        int[] fromNames = o.has("blocks") ? namedBlocks(o.get("blocks"), space.depths(), where) : null;
        if (fromInts == null && fromNames == null) {
            throw new IllegalArgumentException(where + ": needs field 'choices' (ints) or 'blocks' (names per stage)");
        }
        if (fromInts != null && fromNames != null && !Arrays.equals(fromInts, fromNames)) {
            throw new IllegalArgumentException(where + ": fields 'choices' " + Arrays.toString(fromInts)
                    + " and 'blocks' " + Arrays.toString(fromNames) + " disagree");
        }
        try {
            return new DetNasArch(fromInts != null ? fromInts : fromNames);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": field 'choices': " + e.getMessage(), e);
        }
    }

    private static int[] namedBlocks(JsonElement blocks, int[] depths, String where) {
        if (!blocks.isJsonArray() || blocks.getAsJsonArray().size() != depths.length) {
            throw new IllegalArgumentException(where + ": field 'blocks' must hold one list of choice names per stage ("
                    + depths.length + " stages)");
        }
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < depths.length; s++) {
            JsonElement stage = blocks.getAsJsonArray().get(s);
            if (!stage.isJsonArray() || stage.getAsJsonArray().size() != depths[s]) {
                throw new IllegalArgumentException(where + ": field 'blocks' stage " + s + " must list " + depths[s] + " choice names");
            }
            for (int b = 0; b < depths[s]; b++) {
                JsonElement e = stage.getAsJsonArray().get(b);
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException(where + ": field 'blocks' stage " + s + " block " + b + " is " + e
                            + ", not a choice name");
                }
                String name = e.getAsString();
                Choice c = Choice.byName(name);
                if (c == null) {
                    throw new IllegalArgumentException(where + ": field 'blocks' stage " + s + " block " + b + ": unknown choice '"
                            + name + "' (known: shuffle_3x3, shuffle_5x5, shuffle_7x7, shuffle_xception)");
                }
                out.add(c.ordinal());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The nas4det JSON form: format tag, space, choice ints and choice names per stage.
     *
     * @param space the space it belongs to
     * @return a new JSON object
     */
    public JsonObject toJson(DetNasSpace space) {
        space.validate(this);
        JsonObject o = new JsonObject();
        o.addProperty("format", JSON_FORMAT);
        o.addProperty("version", 1);
        o.add("space", space.toJson());
        JsonArray ints = new JsonArray();
        for (int c : choices) {
            ints.add(c);
        }
        o.add("choices", ints);
        JsonArray stages = new JsonArray();
        int i = 0;
        for (int d : space.depths()) {
            JsonArray names = new JsonArray();
            for (int b = 0; b < d; b++) {
                names.add(Choice.values()[choices[i++]].mmrazorName());
            }
            stages.add(names);
        }
        o.add("blocks", stages);
        return o;
    }

    /**
     * Writes the nas4det JSON form.
     *
     * @param file the file
     * @param space the space it belongs to
     */
    public void writeJson(Path file, DetNasSpace space) {
        try {
            Files.writeString(file, JsonText.prettyText(toJson(space)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @return the number of blocks */
    public int size() {
        return choices.length;
    }

    /**
     * @param block block index
     * @return its choice
     */
    public Choice choice(int block) {
        return Choice.values()[choices[block]];
    }

    /** @return choice indices */
    public int[] choices() {
        return choices.clone();
    }

    /** @return the official int list, e.g. {@code [2,1,2,0]} */
    @Override
    public String encode() {
        return Arrays.toString(choices).replace(" ", "");
    }

    /** @return blocks' choices as a list */
    public List<Choice> asList() {
        List<Choice> l = new ArrayList<>();
        for (int c : choices) {
            l.add(Choice.values()[c]);
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetNasArch && Arrays.equals(choices, ((DetNasArch) o).choices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(choices);
    }

    @Override
    public String toString() {
        return encode();
    }
}
