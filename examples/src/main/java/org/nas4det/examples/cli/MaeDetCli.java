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
        String t = arch.trim();
        if (t.startsWith("[") || t.startsWith("{")) {
            return MaeDetStructure.parse(t);
        }
        Path p = Path.of(arch);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("--arch: " + arch + " is neither a structure file nor inline structure text");
        }
        return MaeDetStructure.read(p);
    }
}
