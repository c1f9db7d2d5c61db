/**
 * MAE-DET: zero-shot maximum-entropy backbone search. The method's specification is {@code design/maedet.md}; its implementation lands with the
 * method's own issue.
 */
package org.nas4det.maedet;
