package org.nas4det.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4det.maedet.MaeDetStructure;

/** Reads a MAE-DET structure given on the command line as a file or as inline text. */
final class MaeDetCli {

    private MaeDetCli() {}

    /** The zero-shot scores ({@code score --score}, {@code search maedet --score}). */
    enum ScoreKind {
        closed_form,
        entropy
    }

    /** Accepts closed-form and closed_form. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<ScoreKind> {
        @Override
        public ScoreKind convert(String v) {
            try {
                return ScoreKind.valueOf(v.replace('-', '_').toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("must be closed-form or entropy, got '" + v + "'");
            }
        }
    }

    static MaeDetStructure structure(String arch) {
        return structure(arch, "--arch");
    }

    /**
     * @param arch a structure file or inline text
     * @param option the option that gave it, named in the error
     * @return the structure
     */
    static MaeDetStructure structure(String arch, String option) {
        String t = arch.trim();
        if (t.startsWith("[") || t.startsWith("{")) {
            return MaeDetStructure.parse(t);
        }
        Path p = Path.of(arch);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(option + ": " + abbreviated(arch) + " is neither a structure file nor inline structure text");
        }
        return MaeDetStructure.read(p);
    }

    /** The start of a long argument: an error line echoes at most this much of the user's text. */
    private static String abbreviated(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " characters)";
    }
}
