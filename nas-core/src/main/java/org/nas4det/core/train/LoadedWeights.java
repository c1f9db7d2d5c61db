package org.nas4det.core.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * What weights loaded with {@code Block.loadParameters} need before training: DJL creates the
 * loaded arrays without autograd, so the trainable ones must have it switched back on (else the
 * first backward fails, or silently trains nothing).
 *
 * <pre>{@code block.loadParameters(manager, in); LoadedWeights.enableGradients(block);}</pre>
 */
public final class LoadedWeights {

    private LoadedWeights() {}

    /**
     * Switches autograd on for every trainable parameter of a block tree.
     *
     * @param root the block whose weights were loaded
     */
    public static void enableGradients(Block root) {
        for (Pair<String, Parameter> p : root.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }
}
