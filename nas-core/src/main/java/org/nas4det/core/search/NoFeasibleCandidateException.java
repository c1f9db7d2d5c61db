package org.nas4det.core.search;

/**
 * Thrown when the constraints admit no candidate the strategy can draw: the message names each
 * limit and the smallest value seen, so the user knows how far off the budget is.
 */
public class NoFeasibleCandidateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what limit admitted nothing and the smallest value seen
     */
    public NoFeasibleCandidateException(String message) {
        super(message);
    }
}
