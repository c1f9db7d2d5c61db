package org.nas4det.core.train;

/**
 * Training stopped because a loss became NaN or infinite: the message names the iteration and
 * every loss value, so the user can lower the learning rate or check the data.
 */
public class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int iteration;

    /**
     * Creates the exception.
     *
     * @param iteration the iteration, from 0
     * @param message the losses and advice
     */
    public NonFiniteLossException(int iteration, String message) {
        super(message);
        this.iteration = iteration;
    }

    /** @return the iteration whose loss was not finite */
    public int iteration() {
        return iteration;
    }
}
