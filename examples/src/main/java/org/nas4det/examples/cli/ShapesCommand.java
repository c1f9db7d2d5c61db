package org.nas4det.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4det.core.data.shapes.ShapesLayout;
import org.nas4det.core.data.shapes.SyntheticShapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas shapes}: writes the built-in synthetic shapes data set. */
@Command(
        name = "shapes",
        mixinStandardHelpOptions = true,
        description = "Writes the synthetic shapes data set: COCO instances JSON + PNG images"
                + " (train/val/holdout), or an image-folder classification set.")
final class ShapesCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--images", converter = OptionValues.Positive.class, defaultValue = "200", description = "training images (default ${DEFAULT-VALUE}; per class with --classification); val and holdout get a quarter each")
    int images;

    @Option(names = "--size", converter = OptionValues.Positive.class, defaultValue = "128", description = "image side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Mixin SeedOption seed;

    @Option(names = "--classification", description = "write the classification variant (folder per class)")
    boolean classification;

    @Override
    public Integer call() {
        OutputPaths.directory("--out", out);
        if (images <= 0 || images > SyntheticShapes.MAX_IMAGES) {
            throw new IllegalArgumentException("--images must be 1.." + SyntheticShapes.MAX_IMAGES + ", got " + images);
        }
        if (size < 32 || size > SyntheticShapes.MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("--size must be 32.." + SyntheticShapes.MAX_IMAGE_SIZE + " px, got " + size);
        }
        int side = Math.max(1, images / 4);
        SyntheticShapes gen = SyntheticShapes.builder()
                .imageSize(size)
                .trainImages(images)
                .valImages(side)
                .holdoutImages(side)
                .seed(seed.seed)
                .build();
        if (classification) {
            gen.writeClassification(out);
            spec.commandLine().getErr().println("wrote classification set to " + out);
        } else {
            ShapesLayout l = gen.writeDetection(out);
            spec.commandLine().getErr().println("wrote " + l.annotations("train") + " and the val/holdout splits");
        }
        return 0;
    }
}
