package org.nas4det.maedet;

import ai.djl.engine.Engine;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;

/**
 * The recipes of MAE-DET's zero-shot scores: their settings alone (they load nothing), from which
 * a worker builds the same score. The entropy score runs on the worker's default device.
 */
final class ScoreRecipes {

    private ScoreRecipes() {}

    /** {@link ClosedFormScore} with its stage weights. */
    record ClosedForm(StageWeights weights) implements EvaluatorRecipe<MaeDetStructure> {
        private static final long serialVersionUID = 1L;

        @Override
        public Evaluator<MaeDetStructure> build() {
            return new ClosedFormScore(weights);
        }

        @Override
        public MaeDetStructure decode(String encoding) {
            return MaeDetStructure.parse(encoding);
        }
    }

    /** {@link EntropyScore} with its batch, resolution, repeats, seed and stage weights. */
    record Entropy(int batch, int resolution, int repeats, long seed, StageWeights weights)
            implements EvaluatorRecipe<MaeDetStructure> {
        private static final long serialVersionUID = 1L;

        @Override
        public Evaluator<MaeDetStructure> build() {
            return new EntropyScore(batch, resolution, repeats, seed, weights, Engine.getInstance().defaultDevice());
        }

        @Override
        public MaeDetStructure decode(String encoding) {
            return MaeDetStructure.parse(encoding);
        }
    }
}
