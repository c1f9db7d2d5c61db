package org.nas4det.core.nn;

import ai.djl.ndarray.NDManager;

/**
 * Test support: what frees DJL's borrowed scalar buffers between a forward pass and its
 * backward pass ({@link GraphScalars} says why that matters): a collection, time for the cleaner
 * thread, then new scalars that take the freed memory with other values. In DJL 0.35,
 * {@code x.div(4f)} through this gives the gradient +∞, {@code x.mul(4f)} −3.9e33 and
 * {@code x.pow(2f)} 4e-27 (measured).
 *
 * <pre>{@code FreedScalarReuse.collectAndReuse(manager); gc.backward(loss);}</pre>
 */
public final class FreedScalarReuse {

    private FreedScalarReuse() {}

    /**
     * Collects garbage, waits for the cleaner, and allocates scalars (zeros) into freed memory.
     *
     * @param m where the new scalars go
     */
    public static void collectAndReuse(NDManager m) {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 200; i++) {
            m.create(0f);
        }
    }
}
