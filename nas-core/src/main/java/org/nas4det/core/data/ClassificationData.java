package org.nas4det.core.data;

import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.translate.Pipeline;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.nas4det.core.data.transform.SeededFlipLeftRight;

/**
 * Image-folder classification data (one sub-folder per class, DJL's convention) for supernet
 * pre-training, read as a {@link SortedImageFolder} (images in name order): resized to a square,
 * flipped at random for training (a {@link SeededFlipLeftRight}), turned into CHW floats in 0..1
 * and normalised with ImageNet statistics.
 *
 * <pre>{@code SortedImageFolder train = ClassificationData.imageFolder(Path.of("shapes-cls/train"), 64, 32, true, seed);}</pre>
 */
public final class ClassificationData {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ClassificationData() {}

    /**
     * The per-image transform: resize to a square, random horizontal flip when training, HWC
     * bytes to CHW floats in 0..1, ImageNet normalisation.
     *
     * @param size square side
     * @param train whether to flip at random
     * @param seed the seed of the flips (a {@code DatasetBatches} source reseeds them per sample)
     * @return the pipeline
     */
    public static Pipeline pipeline(int size, boolean train, long seed) {
        Pipeline p = new Pipeline().add(new Resize(size, size));
        if (train) {
            p.add(new SeededFlipLeftRight(0.5, seed));
        }
        return p.add(new ToTensor()).add(new Normalize(MEAN, STD));
    }

    /**
     * Opens and prepares an image-folder data set. Its pipeline applies when DJL's
     * {@code getData} batches it; a {@code DatasetBatches.stacked(folder, pipeline(..), ..)} source
     * applies the same pipeline to each image.
     *
     * @param root the folder holding one sub-folder per class
     * @param size square side the images are resized to
     * @param batchSize batch size
     * @param train whether to shuffle and flip at random
     * @param seed the seed of the flips
     * @return the prepared data set; {@code getSynset()} gives the class names in label order
     * @throws DatasetException when the folder is missing or holds no class folder
     */
    public static SortedImageFolder imageFolder(Path root, int size, int batchSize, boolean train, long seed) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, null, "classification folder does not exist");
        }
        try (Stream<Path> s = Files.list(root)) {
            if (s.noneMatch(Files::isDirectory)) {
                throw new EmptyDatasetException(root, null, "no class sub-folder: expected <root>/<class>/<images>");
            }
        } catch (IOException e) {
            throw new DatasetException(root, null, "cannot list: " + e.getMessage(), e);
        }
        SortedImageFolder folder = SortedImageFolder.builder()
                .setRepositoryPath(root)
                .optPipeline(pipeline(size, train, seed))
                .setSampling(batchSize, train)
                .build();
        try {
            folder.prepare();
            if (folder.size() == 0) {
                // The synthetic set's layout (<root>/train/<class>/...) given one level too high.
                Path below = root.resolve("train");
                String hint = Files.isDirectory(below) ? "; the images are one level down: give " + below : "";
                throw new EmptyDatasetException(root, null, "no image found in the class folders" + hint);
            }
        } catch (IOException | TranslateException e) {
            throw new DatasetException(root, null, "cannot read: " + e.getMessage(), e);
        }
        return folder;
    }
}
