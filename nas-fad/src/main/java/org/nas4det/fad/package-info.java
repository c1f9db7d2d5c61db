/**
 * FAD: differentiable search of FCOS head subnetworks. The method's specification is {@code design/fad.md}; its implementation lands with the
 * method's own issue.
 */
package org.nas4det.fad;
