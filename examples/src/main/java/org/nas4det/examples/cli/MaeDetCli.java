package org.nas4det.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4det.maedet.MaeDetStructure;

/** Reads a MAE-DET structure given on the command line as a file or as inline text. */
final class MaeDetCli {

    private MaeDetCli() {}

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
