package org.nas4det.detnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nas4det.core.train.BatchSource;

/**
 * The fixed calibration subset for BN re-estimation: batches 0, 1, 2, ... of a seeded batch
 * source, until a number of images is reached. Each batch lives in its own manager, closed when
 * the next one is drawn or the iteration ends, so recalibration holds one batch at a time.
 */
final class CalibrationImages implements Iterable<NDArray> {

    private final BatchSource source;
    private final int images;
    private final NDManager parent;

    CalibrationImages(BatchSource source, int images, NDManager parent) {
        this.source = source;
        this.images = images;
        this.parent = parent;
    }

    @Override
    public Iterator<NDArray> iterator() {
        return new Iterator<>() {
            private NDManager current;
            private int next;
            private int seen;

            @Override
            public boolean hasNext() {
                boolean more = seen < images;
                if (!more && current != null) {
                    current.close();
                    current = null;
                }
                return more;
            }

            @Override
            public NDArray next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (current != null) {
                    current.close();
                }
                current = parent.newSubManager();
                NDArray x = source.batch(current, next++)[0].head();
                seen += (int) x.getShape().get(0);
                return x;
            }
        };
    }
}
