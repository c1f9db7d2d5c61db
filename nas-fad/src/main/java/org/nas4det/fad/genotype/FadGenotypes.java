package org.nas4det.fad.genotype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.Architecture;

/**
 * A FAD architecture: the box (regression) subnet's genotype and the cls subnet's. The file
 * format is the release's {@code genotype.log}: the box line, then the cls line; blank lines and
 * lines starting with {@code #} are ignored.
 *
 * <pre>{@code FadGenotypes g = FadGenotypes.read(Path.of("genotype.txt")); g.write(other);}</pre>
 *
 * @param box the box subnet's genotype
 * @param cls the cls subnet's genotype
 */
public record FadGenotypes(Genotype box, Genotype cls) implements Architecture {

    /** The searched pair reported by the paper (spec §4). */
    public static final FadGenotypes PAPER = parse(
            "Genotype(normal=[[('sinSep_conv_3x3_x3', 0), ('std_conv_3x3_x3', 1)], [('std_conv_3x3', 2), "
                    + "('sinSep_conv_3x3+dil_conv_3x3', 1)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3_x2', 3)]], normal_concat=range(2, 5))\n"
                    + "Genotype(normal=[[('sinSep_conv_3x3_x2+dil_conv_3x3', 1), ('std_conv_3x3_x3', 0)], "
                    + "[('sinSep_conv_3x3_x2+dil_conv_3x3', 0), ('sinSep_conv_3x3', 2)], [('sinSep_conv_3x3_x2', 2), ('std_conv_3x3', 3)]], "
                    + "normal_concat=range(2, 5))",
            "the paper's genotypes");

    /**
     * Creates the pair.
     *
     * @param box box genotype
     * @param cls cls genotype
     */
    public FadGenotypes {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(cls, "cls");
    }

    /**
     * Parses the two-line text.
     *
     * @param text box line, then cls line
     * @param source named in errors (a file name)
     * @return the pair
     * @throws GenotypeFormatException naming the source, line and token
     */
    public static FadGenotypes parse(String text, String source) {
        List<String> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        String[] all = text.split("\\R", -1);
        for (int i = 0; i < all.length; i++) {
            String l = all[i].strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                lines.add(l);
                numbers.add(i + 1);
            }
        }
        if (lines.size() != 2) {
            throw new GenotypeFormatException(source + ": expected 2 genotype lines (box, then cls), found " + lines.size());
        }
        return new FadGenotypes(
                GenotypeParser.parse(lines.get(0), source + ", line " + numbers.get(0) + " (box)"),
                GenotypeParser.parse(lines.get(1), source + ", line " + numbers.get(1) + " (cls)"));
    }

    /**
     * Reads a genotype file.
     *
     * @param file the file
     * @return the pair
     * @throws GenotypeFormatException for bad content or a missing file
     */
    public static FadGenotypes read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new GenotypeFormatException(file + ": no such genotype file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Writes the two lines.
     *
     * @param file the file
     */
    public void write(Path file) {
        try {
            Files.writeString(file, encode(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String encode() {
        return box + "\n" + cls + "\n";
    }
}
