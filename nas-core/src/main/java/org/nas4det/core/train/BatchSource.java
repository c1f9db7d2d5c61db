package org.nas4det.core.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Hands the training loop the batch of an iteration; a function of the iteration alone, so that a
 * resumed run sees exactly the batches an uninterrupted one would.
 *
 * <pre>{@code NDList[] batch = source.batch(stepManager, iteration); // {data, labels}}</pre>
 */
public interface BatchSource {

    /**
     * Builds the batch of an iteration.
     *
     * @param manager the step's manager, closed after the step
     * @param iteration the iteration, from 0
     * @return {@code {data, labels}}
     */
    NDList[] batch(NDManager manager, int iteration);

    /** @return images per batch */
    int batchSize();
}
