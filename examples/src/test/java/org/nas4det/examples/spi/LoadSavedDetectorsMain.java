package org.nas4det.examples.spi;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.nas4det.core.detect.DetectorSpec;
import org.nas4det.core.detect.SavedDetector;

/**
 * Loads saved detectors and prints one line per folder: backbone type, parameter count. It touches
 * only core classes, so the backbone types must come from the service files on the class path.
 */
public final class LoadSavedDetectorsMain {

    private LoadSavedDetectorsMain() {}

    /**
     * Loads every folder given.
     *
     * @param args model folders
     */
    public static void main(String[] args) {
        for (String a : args) {
            try (NDManager m = NDManager.newBaseManager()) {
                SavedDetector d = SavedDetector.load(Path.of(a), m);
                long params = d.detector().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
                System.out.println("loaded " + d.spec().toJson().getAsJsonObject("backbone").get("type").getAsString()
                        + " params=" + params);
            }
        }
        System.out.println("types " + DetectorSpec.backboneTypes());
    }
}
