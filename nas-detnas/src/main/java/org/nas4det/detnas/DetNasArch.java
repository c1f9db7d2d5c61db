package org.nas4det.detnas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nas4det.core.Architecture;

/**
 * A DetNAS subnet: one {@link Choice} per block, blocks in stage order. Reads and writes the
 * official list of ints ({@code [1,0,0,0, 3,0,3,2, ...]}) and MMRazor 1.x fix_subnet YAML
 * ({@code backbone.layers.<stage>.<block>:} / {@code   chosen: shuffle_7x7}).
 *
 * <pre>{@code DetNasArch a = DetNasArch.parse("[1,0,0,0,3,0,3,2,2,2,3,3,0,2,1,3,2,2,2,1]");}</pre>
 */
public final class DetNasArch implements Architecture {

    private static final Pattern KEY = Pattern.compile("^(?:backbone\\.)?layers\\.(\\d+)\\.(\\d+):\\s*$");
    private static final Pattern CHOSEN = Pattern.compile("^\\s+chosen:\\s*\\[?\\s*['\"]?([A-Za-z0-9_]+)['\"]?\\s*]?\\s*$");

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
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": file does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
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
                pending = index;
            } else if (v.matches() && pending >= 0) {
                Choice choice = Choice.byName(v.group(1));
                if (choice == null) {
                    throw new IllegalArgumentException(where + ": unknown choice '" + v.group(1)
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
