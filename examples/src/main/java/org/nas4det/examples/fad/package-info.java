/** FAD examples: the CPU run on the shapes data, the paper-scale COCO run, a MAE-DET backbone under a FAD head. */
package org.nas4det.examples.fad;
