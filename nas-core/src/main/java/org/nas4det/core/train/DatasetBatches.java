package org.nas4det.core.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Pipeline;
import ai.djl.translate.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nas4det.core.Seeds;
import org.nas4det.core.data.DetectionDataset;
import org.nas4det.core.data.transform.SampleSeeded;
import org.nas4det.core.random.SeededRandom;

/**
 * Batches from a random-access data set in seeded epochs: epoch {@code e} is a permutation drawn
 * from {@code (seed, e)}, cut into full batches (the last partial batch is dropped). Iteration
 * {@code i} is batch {@code i mod B} of epoch {@code i / B}, so any iteration can be built on its own.
 *
 * <pre>{@code BatchSource src = new DatasetBatches(train, 8, 0, new ImageBatchifier(32), new TargetBatchifier());}</pre>
 */
public final class DatasetBatches implements BatchSource {

    private final RandomAccessDataset dataset;
    private final int batchSize;
    private final long seed;
    private final Batchifier dataBatchifier;
    private final Batchifier labelBatchifier;
    private final Pipeline samplePipeline;
    private final int size;
    private int cachedEpoch = -1;
    private List<Long> cachedOrder;

    /**
     * Creates the source.
     *
     * @param dataset the data set
     * @param batchSize images per batch, at most the data set size
     * @param seed the shuffling seed
     * @param dataBatchifier batches the data
     * @param labelBatchifier batches the labels
     */
    public DatasetBatches(RandomAccessDataset dataset, int batchSize, long seed, Batchifier dataBatchifier, Batchifier labelBatchifier) {
        this(dataset, batchSize, seed, dataBatchifier, labelBatchifier, null);
    }

    private DatasetBatches(RandomAccessDataset dataset, int batchSize, long seed, Batchifier dataBatchifier, Batchifier labelBatchifier,
            Pipeline samplePipeline) {
        this.samplePipeline = samplePipeline;
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.seed = seed;
        this.dataBatchifier = dataBatchifier;
        this.labelBatchifier = labelBatchifier;
        this.size = Math.toIntExact(dataset.size());
        if (batchSize < 1 || batchSize > size) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be between 1 and the data set size " + size);
        }
    }

    /**
     * Batches of a detection data set with its padding batchifiers.
     *
     * @param dataset the data set
     * @param batchSize images per batch
     * @param seed the seed
     * @return the source
     */
    public static DatasetBatches of(DetectionDataset dataset, int batchSize, long seed) {
        return new DatasetBatches(dataset, batchSize, seed,
                new org.nas4det.core.data.ImageBatchifier(32), new org.nas4det.core.data.TargetBatchifier());
    }

    /**
     * Batches of any data set with stacking batchifiers (classification).
     *
     * @param dataset the data set
     * @param batchSize images per batch
     * @param seed the seed
     * @return the source
     */
    public static DatasetBatches stacked(RandomAccessDataset dataset, int batchSize, long seed) {
        return new DatasetBatches(dataset, batchSize, seed, Batchifier.STACK, Batchifier.STACK);
    }

    /**
     * Batches of a data set whose samples go through a pipeline one by one before stacking
     * (classification images of different sizes: DJL data sets apply their pipeline to whole
     * batches in {@code getData}, which this random-access source does not use).
     *
     * @param dataset the data set
     * @param samplePipeline transforms each sample's data (resize, flip, to tensor, normalise)
     * @param batchSize images per batch
     * @param seed the seed
     * @return the source
     */
    public static DatasetBatches stacked(RandomAccessDataset dataset, Pipeline samplePipeline, int batchSize, long seed) {
        return new DatasetBatches(dataset, batchSize, seed, Batchifier.STACK, Batchifier.STACK, samplePipeline);
    }

    /** @return full batches per epoch */
    public int batchesPerEpoch() {
        return size / batchSize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the sample indices of an iteration.
     *
     * @param iteration from 0
     * @return the indices
     */
    public synchronized List<Long> indices(int iteration) {
        int epoch = iteration / batchesPerEpoch();
        if (epoch != cachedEpoch) {
            List<Long> order = new ArrayList<>(size);
            for (long i = 0; i < size; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new SeededRandom(seed * 1_000_003L + epoch));
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        int start = (iteration % batchesPerEpoch()) * batchSize;
        return cachedOrder.subList(start, start + batchSize);
    }

    /** Runs the sample pipeline with its random transforms reseeded for this (sample, epoch). */
    private NDList transformSample(NDList data, long index, int epoch) {
        long sampleSeed = Seeds.sampleSeed(seed, index, epoch);
        for (Transform t : samplePipeline.getTransforms()) {
            if (t instanceof SampleSeeded) {
                ((SampleSeeded) t).reseed(sampleSeed);
            }
        }
        return samplePipeline.transform(data);
    }

    @Override
    public NDList[] batch(NDManager manager, int iteration) {
        int epoch = iteration / batchesPerEpoch();
        List<Long> idx = indices(iteration);
        NDList[] data = new NDList[idx.size()];
        NDList[] labels = new NDList[idx.size()];
        try {
            for (int i = 0; i < idx.size(); i++) {
                Record r = dataset instanceof DetectionDataset
                        ? ((DetectionDataset) dataset).get(manager, idx.get(i), epoch)
                        : dataset.get(manager, idx.get(i));
                data[i] = samplePipeline == null ? r.getData() : transformSample(r.getData(), idx.get(i), epoch);
                labels[i] = r.getLabels();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a training sample", e);
        }
        return new NDList[] {dataBatchifier.batchify(data), labelBatchifier.batchify(labels)};
    }
}
