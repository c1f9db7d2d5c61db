package org.nas4det.core.search;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.nas4det.core.Architecture;
import org.nas4det.core.CandidateExecutor;
import org.nas4det.core.CandidateTask;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.exec.RemoteEvaluation;

/**
 * A test executor that evaluates each batch in a shuffled order, then hands the results over in
 * candidate order; {@link #viaRecipe()} evaluates as a cluster worker does, with evaluators built
 * from a serialised copy of the evaluator's recipe ({@link RemoteEvaluation}).
 *
 * <pre>{@code ShuffledExecutor e = ShuffledExecutor.viaRecipe(); search(problem.optExecutor(e)); e.evaluationOrder...}</pre>
 */
public final class ShuffledExecutor implements CandidateExecutor {

    /** The size of each batch, in order. */
    public final List<Integer> batchSizes = new ArrayList<>();
    /** The candidates' indices in the order they were evaluated. */
    public final List<Integer> evaluationOrder = new ArrayList<>();
    private final Random rng = new Random(5);
    private final boolean viaRecipe;

    /** Evaluates with the driver's evaluator. */
    public ShuffledExecutor() {
        this(false);
    }

    private ShuffledExecutor(boolean viaRecipe) {
        this.viaRecipe = viaRecipe;
    }

    /** @return an executor that evaluates with evaluators built from the serialised recipe (call {@link RemoteEvaluation#clear()} after) */
    public static ShuffledExecutor viaRecipe() {
        return new ShuffledExecutor(true);
    }

    @Override
    public <A extends Architecture> void evaluate(List<CandidateTask<A>> batch, Evaluator<A> evaluator,
            BiConsumer<CandidateTask<A>, Evaluation> sink) {
        batchSizes.add(batch.size());
        EvaluatorRecipe<A> recipe = viaRecipe ? serialisedCopy(evaluator.recipe().orElseThrow()) : null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        Evaluation[] out = new Evaluation[batch.size()];
        for (int i : order) {
            CandidateTask<A> t = batch.get(i);
            evaluationOrder.add(t.index());
            out[i] = recipe == null ? evaluator.evaluate(t.architecture())
                    : RemoteEvaluation.read(RemoteEvaluation.evaluate(recipe, t.architecture().encode()));
        }
        for (int i = 0; i < batch.size(); i++) {
            sink.accept(batch.get(i), out[i]);
        }
    }

    /**
     * Copies a value through Java serialisation, as Spark ships a task.
     *
     * @param value the value
     * @param <T> its type
     * @return the copy
     */
    @SuppressWarnings("unchecked")
    public static <T> T serialisedCopy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
