/**
 * The worker's side of evaluating candidates elsewhere than in the driver: evaluators built from
 * their {@link org.nas4det.core.EvaluatorRecipe} once per process and task slot, and the
 * evaluation sent back as JSON text.
 */
package org.nas4det.core.exec;
