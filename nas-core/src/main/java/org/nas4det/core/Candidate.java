package org.nas4det.core;

import org.nas4det.core.cost.Cost;

/**
 * One evaluated architecture of a search, with where it was found.
 *
 * <pre>{@code double ap = candidate.evaluation().metric("mAP");}</pre>
 *
 * @param <A> the architecture type
 */
public final class Candidate<A extends Architecture> {

    private final int index;
    private final int generation;
    private final int slot;
    private final A architecture;
    private final Evaluation evaluation;

    /**
     * Creates a candidate record.
     *
     * @param index position in the order of evaluation, from 0
     * @param generation generation (or batch) it belongs to, from 0
     * @param slot position inside its generation, from 0
     * @param architecture the architecture
     * @param evaluation its evaluation, cost included
     */
    public Candidate(int index, int generation, int slot, A architecture, Evaluation evaluation) {
        this.index = index;
        this.generation = generation;
        this.slot = slot;
        this.architecture = architecture;
        this.evaluation = evaluation;
    }

    /** @return position in the order of evaluation */
    public int index() {
        return index;
    }

    /** @return the generation or batch */
    public int generation() {
        return generation;
    }

    /** @return position inside the generation */
    public int slot() {
        return slot;
    }

    /** @return the architecture */
    public A architecture() {
        return architecture;
    }

    /** @return the evaluation */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** @return the cost */
    public Cost cost() {
        return evaluation.cost();
    }

    @Override
    public String toString() {
        return "#" + index + " " + architecture.encode() + " " + evaluation.metrics();
    }
}
