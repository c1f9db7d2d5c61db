/**
 * SP-NAS: serial-to-parallel backbone search. The method's specification is {@code design/spnas.md}; its implementation lands with the
 * method's own issue.
 */
package org.nas4det.spnas;
