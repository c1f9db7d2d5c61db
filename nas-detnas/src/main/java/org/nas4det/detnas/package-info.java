/**
 * DetNAS: one-shot ShuffleNetV2 supernet search. The method's specification is {@code design/detnas.md}; its implementation lands with the
 * method's own issue.
 */
package org.nas4det.detnas;
