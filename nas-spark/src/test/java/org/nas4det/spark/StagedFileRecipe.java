package org.nas4det.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.nas4det.core.Architecture;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.io.FileSource;
import org.nas4det.core.io.FileStaging;

/**
 * Scores a word by the content of a file the recipe names: the driver stages the file, each
 * worker reads it through its file source. The metric {@code staged} says the location the worker
 * got was the staged one.
 *
 * @param location the file
 */
record StagedFileRecipe(String location) implements EvaluatorRecipe<StagedFileRecipe.Word> {

    /** An architecture that is a text. */
    record Word(String text) implements Architecture {
        @Override
        public String encode() {
            return text;
        }
    }

    @Override
    public Evaluator<Word> build() {
        return build(FileSource.local());
    }

    @Override
    public Evaluator<Word> build(FileSource files) {
        double weight;
        try {
            weight = Double.parseDouble(Files.readString(files.file(location)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean staged = location.startsWith(CountingFileSystem.SCHEME + ":");
        return w -> Evaluation.of(Map.of("score", weight * w.text().length(), "staged", staged ? 1.0 : 0.0), null, 0);
    }

    @Override
    public StagedFileRecipe staged(FileStaging staging) {
        return new StagedFileRecipe(staging.file(location));
    }

    @Override
    public Word decode(String encoding) {
        return new Word(encoding);
    }

    /** @return an evaluator in the driver that carries this recipe */
    Evaluator<Word> evaluator() {
        Evaluator<Word> local = build();
        return new Evaluator<>() {
            @Override
            public Evaluation evaluate(Word arch) {
                return local.evaluate(arch);
            }

            @Override
            public java.util.Optional<EvaluatorRecipe<Word>> recipe() {
                return java.util.Optional.of(StagedFileRecipe.this);
            }

            @Override
            public String describe() {
                return "staged-file(" + location + ")";
            }
        };
    }
}
