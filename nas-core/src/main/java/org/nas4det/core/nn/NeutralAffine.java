package org.nas4det.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ones and zeros that DJL's layer-norm call requires as its affine part (it dereferences
 * both; libtorch would take none) and that {@link GroupNorm} does not use, kept as long as the
 * parameters' manager so that a forward does not create and fill two arrays each time.
 *
 * <pre>{@code Optional<NDArray[]> oneZero = NeutralAffine.of(gammaManager, row, device, type);}</pre>
 *
 * <p>One set per parameters' manager, shared by every GroupNorm whose parameters live there (the
 * FAD supernet's hundreds of GroupNorms see the same few row lengths), and closed with it. The
 * arrays live in the set's own manager, not under the parameters' one: they are constants of
 * the kind a layer-norm call needs, not state of the model, so they must not show up as arrays
 * an evaluation left behind. At most {@link #CAPACITY} row lengths are kept per set (five FPN
 * levels of a few input sizes); beyond that the caller makes its own pair.
 */
final class NeutralAffine implements AutoCloseable {

    /** Row lengths kept per manager. */
    static final int CAPACITY = 32;

    private static final Map<NDManager, NeutralAffine> BY_MANAGER = new ConcurrentHashMap<>();

    private final NDManager owner;
    private final NDManager own = NDManager.newBaseManager();
    private final Map<List<Object>, NDArray[]> pairs = new HashMap<>();

    private NeutralAffine(NDManager owner) {
        this.owner = owner;
    }

    /**
     * The kept (ones, zeros) pair for one row, created on first use and closed with {@code manager}.
     *
     * @param manager the manager of the parameters (lives as long as the model)
     * @param row the normalised shape
     * @param device where the input is
     * @param type the input's data type
     * @return the pair; empty when the manager is closed or already keeps {@link #CAPACITY} rows
     */
    static Optional<NDArray[]> of(NDManager manager, Shape row, Device device, DataType type) {
        if (!manager.isOpen()) {
            return Optional.empty();
        }
        try {
            NeutralAffine set = BY_MANAGER.computeIfAbsent(manager, m -> {
                NeutralAffine s = new NeutralAffine(m);
                try {
                    m.attachInternal(NDManager.nextUid(), s);
                } catch (IllegalStateException e) {
                    s.own.close();
                    throw e;
                }
                return s;
            });
            return set.pair(row, device, type);
        } catch (IllegalStateException e) {
            return Optional.empty(); // a manager closed or capped meanwhile: it takes nothing new
        }
    }

    /**
     * @param manager a parameters' manager
     * @return how many rows it keeps a pair for
     */
    static int rowsKept(NDManager manager) {
        NeutralAffine set = BY_MANAGER.get(manager);
        if (set == null) {
            return 0;
        }
        synchronized (set) {
            return set.pairs.size();
        }
    }

    private synchronized Optional<NDArray[]> pair(Shape row, Device device, DataType type) {
        List<Object> key = List.of(row, device, type);
        NDArray[] p = pairs.get(key);
        if (p == null && pairs.size() < CAPACITY && own.isOpen()) {
            p = new NDArray[] {own.ones(row, type, device), own.zeros(row, type, device)};
            // Created inside a step's NDScope, they would be closed with the step.
            NDScope.unregister(p);
            pairs.put(key, p);
        }
        return Optional.ofNullable(p);
    }

    /** Closes the kept arrays and forgets the set; called when the parameters' manager closes. */
    @Override
    public void close() {
        BY_MANAGER.remove(owner, this);
        synchronized (this) {
            pairs.clear();
            own.close();
        }
    }
}
