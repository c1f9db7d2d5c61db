package org.nas4det.core.train;

import java.util.Arrays;

/**
 * Learning rate per iteration: a base rate, a warm-up (linear from {@code factor × base}, or
 * constant at {@code factor × base}) and a decay (steps of ×gamma at milestones, cosine to 0, or
 * linear to 0).
 *
 * <pre>{@code LearningRateSchedule s = LearningRateSchedule.steps(0.01f, 90_000, 60_000, 80_000).warmup(500, 1f / 3, false);}</pre>
 */
public final class LearningRateSchedule {

    private final float base;
    private final int total;
    private final int[] milestones;
    private final float gamma;
    private final boolean cosine;
    private final boolean linear;
    private final int warmupIters;
    private final float warmupFactor;
    private final boolean warmupConstant;

    private LearningRateSchedule(float base, int total, int[] milestones, float gamma, boolean cosine, boolean linear,
            int warmupIters, float warmupFactor, boolean warmupConstant) {
        this.base = base;
        this.total = total;
        this.milestones = milestones;
        this.gamma = gamma;
        this.cosine = cosine;
        this.linear = linear;
        this.warmupIters = warmupIters;
        this.warmupFactor = warmupFactor;
        this.warmupConstant = warmupConstant;
    }

    /**
     * Step decay: ×0.1 at each milestone.
     *
     * @param base base learning rate
     * @param total total iterations
     * @param milestones iterations at which the rate drops
     * @return the schedule, without warm-up
     */
    public static LearningRateSchedule steps(float base, int total, int... milestones) {
        int[] m = milestones.clone();
        Arrays.sort(m);
        return new LearningRateSchedule(base, total, m, 0.1f, false, false, 0, 1, false);
    }

    /**
     * The detector trainer's default: cosine decay to zero after a linear warm-up from a tenth of
     * the rate (capped at the iterations).
     *
     * <pre>{@code LearningRateSchedule s = LearningRateSchedule.cosineAfterWarmup(0.01f, 1000, 100);}</pre>
     *
     * @param base base learning rate
     * @param total total iterations
     * @param warmup warm-up iterations
     * @return the schedule
     */
    public static LearningRateSchedule cosineAfterWarmup(float base, int total, int warmup) {
        return cosine(base, total).warmup(Math.min(warmup, total), 0.1f, false);
    }

    /**
     * Cosine decay to zero over the total iterations.
     *
     * @param base base learning rate
     * @param total total iterations
     * @return the schedule, without warm-up
     */
    public static LearningRateSchedule cosine(float base, int total) {
        return new LearningRateSchedule(base, total, new int[0], 1, true, false, 0, 1, false);
    }

    /**
     * Linear decay to zero over the total iterations (poly, power 1: SPOS / DetNAS pre-training).
     *
     * @param base base learning rate
     * @param total total iterations
     * @return the schedule, without warm-up
     */
    public static LearningRateSchedule linear(float base, int total) {
        return new LearningRateSchedule(base, total, new int[0], 1, false, true, 0, 1, false);
    }

    /**
     * Returns the schedule with a warm-up.
     *
     * @param iterations warm-up length
     * @param factor starting fraction of the rate
     * @param constant constant warm-up (FCOS) instead of linear
     * @return a new schedule
     */
    public LearningRateSchedule warmup(int iterations, float factor, boolean constant) {
        return new LearningRateSchedule(base, total, milestones, gamma, cosine, linear, iterations, factor, constant);
    }

    /**
     * Returns the rate of an iteration.
     *
     * @param iteration from 0
     * @return the learning rate
     */
    public float at(int iteration) {
        double lr;
        if (cosine) {
            lr = base * 0.5 * (1 + Math.cos(Math.PI * Math.min(iteration, total) / total));
        } else if (linear) {
            lr = base * (1 - Math.min(iteration, total) / (double) total);
        } else {
            int passed = 0;
            while (passed < milestones.length && iteration >= milestones[passed]) {
                passed++;
            }
            lr = base * Math.pow(gamma, passed);
        }
        if (iteration < warmupIters) {
            double f = warmupConstant ? warmupFactor : warmupFactor + (1 - warmupFactor) * iteration / (double) warmupIters;
            lr *= f;
        }
        return (float) lr;
    }

    /** @return a stable description */
    public String describe() {
        return (cosine ? "cosine" : linear ? "linear" : "steps" + Arrays.toString(milestones)) + " base=" + base + " total=" + total
                + " warmup=" + warmupIters + (warmupConstant ? " constant " : " linear ") + warmupFactor;
    }
}
