package org.nas4det.detnas;

/**
 * How a candidate's BatchNorm statistics are obtained when it is evaluated on the supernet.
 * RECALIBRATE (the paper's way, default): reset the path's statistics and re-estimate them as an
 * exact average over a fixed subset of training images; INHERIT: use the supernet's running
 * statistics as they are; TRAIN_MODE: normalise with each evaluation batch's statistics (what
 * MMRazor does). The supernet's stored statistics are restored after every evaluation.
 */
public enum BnPolicy {
    /** Exact re-estimation over a calibration subset. */
    RECALIBRATE,
    /** The supernet's shared running statistics. */
    INHERIT,
    /** Batch statistics of the evaluation batches. */
    TRAIN_MODE
}
