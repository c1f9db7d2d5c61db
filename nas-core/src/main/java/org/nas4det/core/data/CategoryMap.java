package org.nas4det.core.data;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.List;

/**
 * The mapping between a data set's own category ids (arbitrary, e.g. COCO's 1..90 with gaps)
 * and the contiguous indices 0..n-1 a detector predicts; kept to write results back with the
 * original ids.
 *
 * <pre>{@code int label = map.index(18); long cocoId = map.id(label); String name = map.name(label);}</pre>
 */
public final class CategoryMap {

    private final long[] ids;
    private final ImmutableList<String> names;

    /**
     * Creates a map; indices follow ascending id order.
     *
     * @param ids category ids, distinct
     * @param names their names, same order as {@code ids}
     */
    public CategoryMap(long[] ids, List<String> names) {
        if (ids.length != names.size()) {
            throw new IllegalArgumentException("ids and names differ in length");
        }
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
        this.ids = new long[ids.length];
        ImmutableList.Builder<String> n = ImmutableList.builder();
        for (int i = 0; i < order.length; i++) {
            this.ids[i] = ids[order[i]];
            n.add(names.get(order[i]));
            if (i > 0 && this.ids[i] == this.ids[i - 1]) {
                throw new IllegalArgumentException("duplicate category id " + this.ids[i]);
            }
        }
        this.names = n.build();
    }

    /** @return number of categories */
    public int size() {
        return ids.length;
    }

    /**
     * Returns the contiguous index of a category id.
     *
     * @param id the data set's id
     * @return the index, or -1 when unknown
     */
    public int index(long id) {
        int i = Arrays.binarySearch(ids, id);
        return i < 0 ? -1 : i;
    }

    /**
     * Returns the data set's id of an index.
     *
     * @param index contiguous index
     * @return the original id
     */
    public long id(int index) {
        return ids[index];
    }

    /**
     * Returns a category's name.
     *
     * @param index contiguous index
     * @return the name
     */
    public String name(int index) {
        return names.get(index);
    }

    /** @return the names in index order */
    public List<String> names() {
        return names;
    }

    /** @return the ids in index order */
    public long[] ids() {
        return ids.clone();
    }
}
