package org.nas4det.core.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a training does about steps whose gradient is not finite, which its optimizer skipped (the
 * weights did not move): a lone one is logged and training goes on, as mixed-precision training
 * does; {@value #MAX_IN_A_ROW} in a row mean the training has diverged and stop it with a
 * {@link NonFiniteLossException} (the CLI's exit 3).
 *
 * <pre>{@code NonFiniteSteps guard = new NonFiniteSteps("training"); ... guard.check(it, norm, lr, losses);}</pre>
 */
public final class NonFiniteSteps {

    private static final Logger LOG = LoggerFactory.getLogger(NonFiniteSteps.class);

    /** Non-finite gradients in a row that stop a training (a lone one is skipped). */
    public static final int MAX_IN_A_ROW = 3;

    private final String what;
    private int inARow;

    /** @param what the training's name in messages, e.g. {@code training} or {@code FAD search} */
    public NonFiniteSteps(String what) {
        this.what = what;
    }

    /** @return the skipped steps in a row so far, for a checkpoint */
    public int inARow() {
        return inARow;
    }

    /**
     * Continues the count of a checkpoint, so a resumed training stops where the uninterrupted one would.
     *
     * @param n the skipped steps in a row it recorded
     */
    public void resume(int n) {
        inARow = n;
    }

    /**
     * Notes a step.
     *
     * @param it the iteration, from 0
     * @param norm the step's gradient norm; not finite when its step was skipped
     * @param lr the learning rate
     * @param losses the step's losses, for the message
     * @throws NonFiniteLossException at the {@value #MAX_IN_A_ROW}th skipped step in a row
     */
    public void check(int it, float norm, float lr, Object losses) {
        check(it, norm, lr, losses, "step skipped, weights unchanged");
    }

    /**
     * Notes a step, saying what was skipped (a training with several steps an iteration).
     *
     * @param it the iteration, from 0
     * @param norm the gradient norm that was not finite, or a finite one
     * @param lr the learning rate
     * @param losses the step's losses, for the message
     * @param skipped what did not move, for the warning
     * @throws NonFiniteLossException at the {@value #MAX_IN_A_ROW}th skipped step in a row
     */
    public void check(int it, float norm, float lr, Object losses, String skipped) {
        if (Float.isFinite(norm)) {
            inARow = 0;
            return;
        }
        inARow++;
        LOG.warn("iteration {}: the gradient norm is {} (losses {}): {}", it, norm, losses, skipped);
        if (inARow >= MAX_IN_A_ROW) {
            throw new NonFiniteLossException(it,
                    String.format(Locale.ROOT, "gradient norm is %s at learning rate %g", norm, lr),
                    String.format(Locale.ROOT, "%s stopped at iteration %d: the gradient norm was %s %d steps in a row"
                            + " (losses %s, learning rate %g); lower the learning rate or check the data", what, it, norm,
                            inARow, losses, lr));
        }
    }
}
