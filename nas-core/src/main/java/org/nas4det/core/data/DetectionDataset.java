package org.nas4det.core.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.transform.DetectionExample;
import org.nas4det.core.data.transform.DetectionTransform;
import org.nas4det.core.data.transform.Normalize;
import org.nas4det.core.data.transform.RandomHorizontalFlip;
import org.nas4det.core.data.transform.ResizeKeepAspect;
import org.nas4det.core.random.SeededRandom;

/**
 * A detection data set (COCO, VOC or the synthetic shapes) as a DJL {@link RandomAccessDataset}:
 * each record is the transformed CHW float image and its targets in the
 * {@link DetectionTargets} layout; batches pad images to a multiple of 32 and keep per-image
 * boxes.
 *
 * <pre>{@code
 * DetectionDataset train = DetectionDataset.builder()
 *     .setData(CocoData.reader().read(json, images))
 *     .optTransforms(DetectionDataset.trainTransforms(128, 128))
 *     .setSampling(8, true).build();
 * }</pre>
 */
public final class DetectionDataset extends RandomAccessDataset {

    private final DetectionData data;
    private final List<DetectionTransform> transforms;
    private final long seed;
    private final AtomicIntegerArray visits;

    private DetectionDataset(Builder b) {
        super(b);
        this.data = b.data;
        this.transforms = List.copyOf(b.transforms);
        this.seed = b.seed;
        this.visits = new AtomicIntegerArray(b.data.samples().size());
    }

    /** @return a builder with the detection batchifiers set */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Training transforms: resize keeping aspect, random horizontal flip, ImageNet normalisation.
     *
     * @param shortSide target short side
     * @param maxLongSide largest long side
     * @return the transforms
     */
    public static List<DetectionTransform> trainTransforms(int shortSide, int maxLongSide) {
        return List.of(new ResizeKeepAspect(shortSide, maxLongSide), new RandomHorizontalFlip(0.5), Normalize.imagenet());
    }

    /**
     * Evaluation transforms: resize keeping aspect and ImageNet normalisation.
     *
     * @param shortSide target short side
     * @param maxLongSide largest long side
     * @return the transforms
     */
    public static List<DetectionTransform> evalTransforms(int shortSide, int maxLongSide) {
        return List.of(new ResizeKeepAspect(shortSide, maxLongSide), Normalize.imagenet());
    }

    /** @return the underlying samples and categories */
    public DetectionData data() {
        return data;
    }

    @Override
    public Record get(NDManager manager, long index) throws java.io.IOException {
        // DJL's own iterators know no epoch: count this sample's visits instead.
        return get(manager, index, visits.getAndIncrement(Math.toIntExact(index)));
    }

    /**
     * Decodes one image of a data set and checks its size against the annotation.
     *
     * @param data the data set, for messages
     * @param s the sample
     * @return the image
     * @throws MissingImageException naming the annotation file, the image id and the file when
     *     it cannot be decoded (missing, truncated, not an image)
     * @throws ImageSizeMismatchException when its size differs from the annotation's
     */
    static Image decode(DetectionData data, DetectionSample s) {
        Image img;
        try {
            img = ImageFactory.getInstance().fromFile(s.file());
        } catch (java.io.IOException | RuntimeException e) {
            throw new MissingImageException(data.source(), "image " + s.imageId(),
                    "cannot decode image file " + s.file() + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new MissingImageException(data.source(), "image " + s.imageId(),
                    "cannot decode image file " + s.file() + ": not an image");
        }
        if (img.getWidth() != s.width() || img.getHeight() != s.height()) {
            throw new ImageSizeMismatchException(data.source(), "image " + s.imageId(),
                    "image " + s.file().getFileName() + " is " + img.getWidth() + "x" + img.getHeight()
                            + " but the annotation says " + s.width() + "x" + s.height());
        }
        return img;
    }

    /**
     * Reads one record with the augmentation of a given epoch: the same (index, epoch) always
     * gives the same flips, so a resumed training sees exactly the images it would have seen.
     *
     * @param manager the manager of the record's arrays
     * @param index the sample index
     * @param epoch the epoch
     * @return the record
     */
    public Record get(NDManager manager, long index, int epoch) {
        int i = Math.toIntExact(index);
        DetectionSample s = data.samples().get(i);
        Image img = decode(data, s);
        NDArray pixels = img.toNDArray(manager, Image.Flag.COLOR).toType(DataType.FLOAT32, false);
        // Training targets exclude boxes marked ignore (VOC difficult).
        float[] all = s.boxes();
        int[] labels = s.labels();
        boolean[] ignore = s.ignore();
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            if (!ignore[k]) {
                keep.add(k);
            }
        }
        float[] boxes = new float[4 * keep.size()];
        int[] cls = new int[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            System.arraycopy(all, 4 * keep.get(k), boxes, 4 * k, 4);
            cls[k] = labels[keep.get(k)];
        }
        DetectionExample ex = new DetectionExample(pixels, boxes, cls, new boolean[cls.length], s.crowdBoxes(), s.crowdLabels());
        SeededRandom rng = new SeededRandom(Seeds.sampleSeed(seed, i, epoch));
        for (DetectionTransform t : transforms) {
            ex = t.apply(ex, rng);
        }
        NDArray chw = ex.image.transpose(2, 0, 1);
        float[] info = new float[DetectionTargets.INFO_SIZE];
        info[DetectionTargets.INFO_HEIGHT] = ex.contentHeight;
        info[DetectionTargets.INFO_WIDTH] = ex.contentWidth;
        info[DetectionTargets.INFO_SCALE_Y] = ex.scaleY;
        info[DetectionTargets.INFO_SCALE_X] = ex.scaleX;
        info[DetectionTargets.INFO_ORIGINAL_HEIGHT] = s.height();
        info[DetectionTargets.INFO_ORIGINAL_WIDTH] = s.width();
        NDList labelsOut = new NDList(
                manager.create(ex.boxes, new Shape(ex.labels.length, 4)),
                manager.create(ex.labels),
                manager.create(info),
                manager.create(new long[] {s.imageId()}));
        return new Record(new NDList(chw), labelsOut);
    }

    @Override
    protected long availableSize() {
        return data.samples().size();
    }

    @Override
    public void prepare(Progress progress) {
        // The annotations were read and checked when the DetectionData was built.
    }

    /** Builds a {@link DetectionDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private DetectionData data;
        private List<DetectionTransform> transforms = List.of(Normalize.imagenet());
        private long seed;

        private Builder() {
            optDataBatchifier(new ImageBatchifier(32));
            optLabelBatchifier(new TargetBatchifier());
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the samples.
         *
         * @param d the data
         * @return this builder
         */
        public Builder setData(DetectionData d) {
            this.data = Objects.requireNonNull(d, "setData: null");
            return this;
        }

        /**
         * Sets the transforms (default: normalisation only).
         *
         * @param t the transforms, in order
         * @return this builder
         */
        public Builder optTransforms(List<DetectionTransform> t) {
            this.transforms = List.copyOf(Objects.requireNonNull(t, "optTransforms: null (an empty list for none)"));
            return this;
        }

        /**
         * Sets the seed of the augmentation.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Builds the data set.
         *
         * @return the data set
         * @throws IllegalStateException naming {@code setData} or {@code setSampling} when it was not called
         */
        public DetectionDataset build() {
            if (data == null) {
                throw new IllegalStateException("DetectionDataset.Builder: setData is required");
            }
            if (sampler == null) {
                // DJL's own check, later, says only "The sampler must be set".
                throw new IllegalStateException("DetectionDataset.Builder: setSampling (or setSampler) is required");
            }
            return new DetectionDataset(this);
        }
    }
}
