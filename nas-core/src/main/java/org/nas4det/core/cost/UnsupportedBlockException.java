package org.nas4det.core.cost;

/**
 * Thrown when the cost model meets a block type it cannot count: a silent zero would make every
 * budget wrong. Implement {@link CostAware} on the block, or build it from counted blocks.
 */
public class UnsupportedBlockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the block type and its path in the tree
     */
    public UnsupportedBlockException(String message) {
        super(message);
    }
}
