package org.nas4det.core;

import java.util.Objects;

/**
 * One candidate a search hands to a {@link CandidateExecutor}: the architecture and where it
 * stands in the search (its index in the order of evaluation, its generation and slot).
 *
 * <pre>{@code CandidateTask<A> t = new CandidateTask<>(12, 1, 0, arch); t.architecture().encode();}</pre>
 *
 * @param index position in the order of evaluation, from 0
 * @param generation the generation (or batch), from 0
 * @param slot position inside the generation, from 0
 * @param architecture the candidate
 * @param <A> the architecture type
 */
public record CandidateTask<A extends Architecture>(int index, int generation, int slot, A architecture) {

    /** Checks the architecture is there. */
    public CandidateTask {
        Objects.requireNonNull(architecture, "architecture");
    }
}
