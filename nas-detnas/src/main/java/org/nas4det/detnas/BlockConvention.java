package org.nas4det.detnas;

/**
 * How stride-2 blocks split their channels. MMRazor (default): both branches output half the
 * stage width. Official megvii: the projection branch keeps the input channels and the main
 * branch outputs the rest; the two differ only where the width more than doubles (stages 0 and 1
 * of the standard spaces), and their weights are not interchangeable.
 */
public enum BlockConvention {
    /** MMRazor's packaged implementation. */
    MMRAZOR,
    /** The official megvii DetNAS / SPOS code. */
    OFFICIAL
}
