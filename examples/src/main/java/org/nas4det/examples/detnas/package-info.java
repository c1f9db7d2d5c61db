/**
 * Runnable DetNAS examples on the fluent API: {@link org.nas4det.examples.detnas.DetNasShapesCpu}
 * (minutes on 2 CPU cores, synthetic data) and {@link org.nas4det.examples.detnas.DetNasCocoGpu}
 * (the paper-scale run on ImageNet-style and COCO data with a GPU).
 */
package org.nas4det.examples.detnas;
