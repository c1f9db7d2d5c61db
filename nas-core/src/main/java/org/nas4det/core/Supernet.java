package org.nas4det.core;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * One DJL block holding the weights of every candidate of a space. It runs any single path,
 * hands out a path view that shares (never copies) its weights, or a standalone copy to retrain.
 *
 * <p>Single-path searches (DetNAS) activate one path at a time. A differentiable search (FAD)
 * needs a relaxed supernet: its forward mixes every choice by softmaxed architecture weights,
 * which are parameters of their own (trained by a separate optimizer on validation batches,
 * selected apart from the network weights in the training loop), and a {@code derive()} returns
 * the discrete architecture of the {@link #space()} that they currently prefer. That type extends
 * this interface with {@code archParameters()} and {@code derive()}.
 *
 * <pre>{@code supernet.activate(arch); NDList out = supernet.block().forward(ps, in, false);}</pre>
 *
 * @param <A> the architecture type
 */
public interface Supernet<A extends Architecture> {

    /** @return the search space this supernet covers */
    SearchSpace<A> space();

    /** @return the block holding every choice */
    Block block();

    /**
     * Routes the next forward passes of {@link #block()} through one architecture's path.
     *
     * @param arch the path
     */
    void activate(A arch);

    /**
     * Returns a view: a block that runs one path on the supernet's own weights (no copy), so
     * training it trains the supernet. To build a fresh network with its own weights, use
     * {@link SearchSpace#build} (uninitialised) or {@link #extract} (a copy of the path's weights).
     *
     * @param arch the path
     * @return a view block
     */
    Block pathView(A arch);

    /**
     * Returns the parameters on one path: the only ones a single-path step may update.
     *
     * @param arch the path
     * @return the path's parameters
     */
    List<Parameter> pathParameters(A arch);

    /**
     * Copies one path into a standalone block with its own weights, ready to retrain.
     *
     * @param arch the path
     * @param manager the manager that will own the copied weights
     * @return an initialised standalone block
     */
    Block extract(A arch, NDManager manager);
}
