package org.nas4det.core.train;

/**
 * Training stopped because a loss became NaN or infinite: the message names the iteration and
 * every loss value, so the user can lower the learning rate or check the data.
 */
public class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int iteration;
    private final String cause;

    /**
     * Creates the exception.
     *
     * @param iteration the iteration, from 0
     * @param message the losses and advice
     */
    public NonFiniteLossException(int iteration, String message) {
        this(iteration, message, message);
    }

    /**
     * Creates the exception with a short cause for tables and summaries.
     *
     * @param iteration the iteration, from 0
     * @param cause what was not finite, e.g. {@code loss_cls is NaN at learning rate 0.0105}
     * @param message the losses and advice
     */
    public NonFiniteLossException(int iteration, String cause, String message) {
        super(message);
        this.iteration = iteration;
        this.cause = cause;
    }

    /** @return what was not finite, in a few words */
    public String cause() {
        return cause;
    }

    /** @return the iteration whose loss was not finite */
    public int iteration() {
        return iteration;
    }
}
