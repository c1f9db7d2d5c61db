/**
 * Runnable SP-NAS examples on the fluent API: {@link org.nas4det.examples.spnas.SpNasShapesCpu}
 * (minutes on 2 CPU cores, synthetic data) and {@link org.nas4det.examples.spnas.SpNasCocoGpu}
 * (the paper-scale run on COCO with a GPU).
 */
package org.nas4det.examples.spnas;
