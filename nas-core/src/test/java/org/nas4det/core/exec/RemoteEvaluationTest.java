package org.nas4det.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nas4det.core.Architecture;
import org.nas4det.core.Evaluation;
import org.nas4det.core.Evaluator;
import org.nas4det.core.EvaluatorRecipe;
import org.nas4det.core.Seeds;

/** A worker builds an evaluator once per recipe and concurrent task, and sends the evaluation back exactly. */
class RemoteEvaluationTest {

    record Word(String text) implements Architecture {
        @Override
        public String encode() {
            return text;
        }
    }

    static final AtomicInteger BUILDS = new AtomicInteger();

    /** Scores a word by its length; the seed is a setting that tells recipes apart. */
    record LengthRecipe(long seed) implements EvaluatorRecipe<Word> {
        @Override
        public Evaluator<Word> build() {
            BUILDS.incrementAndGet();
            return w -> {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("score", w.text().length() + seed / 3.0);
                m.put("undefined", Double.NaN);
                return Evaluation.of(m, null, 0);
            };
        }

        @Override
        public Word decode(String encoding) {
            return new Word(encoding);
        }
    }

    static final AtomicReference<Boolean> GRAD_MODE = new AtomicReference<>();

    /** Records the engine's autograd mode in the thread that evaluates. */
    record GradModeRecipe() implements EvaluatorRecipe<Word> {
        @Override
        public Evaluator<Word> build() {
            return w -> {
                GRAD_MODE.set(JniUtils.isGradMode());
                return Evaluation.of(Map.of("score", 1.0), null, 0);
            };
        }

        @Override
        public Word decode(String encoding) {
            return new Word(encoding);
        }
    }

    static final AtomicInteger CLOSED = new AtomicInteger();

    /** An evaluator that holds resources (a DetNAS worker's supernet). */
    record ClosingRecipe() implements EvaluatorRecipe<Word> {
        @Override
        public Evaluator<Word> build() {
            return new ClosingEvaluator();
        }

        @Override
        public Word decode(String encoding) {
            return new Word(encoding);
        }
    }

    static class ClosingEvaluator implements Evaluator<Word>, AutoCloseable {
        @Override
        public Evaluation evaluate(Word w) {
            return Evaluation.of(Map.of("score", 1.0), null, 0);
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @AfterEach
    void forget() {
        RemoteEvaluation.clear();
        BUILDS.set(0);
    }

    @Test
    void anEvaluatorIsBuiltOncePerRecipeAndReused() {
        for (String w : new String[] {"a", "bb", "ccc"}) {
            RemoteEvaluation.evaluate(new LengthRecipe(1), w);
        }
        assertThat(BUILDS).hasValue(1);
        RemoteEvaluation.evaluate(new LengthRecipe(2), "a");
        assertThat(BUILDS).hasValue(2);
    }

    @Test
    void clearingClosesTheEvaluatorsThatHoldResources() {
        RemoteEvaluation.evaluate(new ClosingRecipe(), "a");
        RemoteEvaluation.evaluate(new LengthRecipe(1), "a");
        CLOSED.set(0);
        RemoteEvaluation.clear();
        assertThat(CLOSED).hasValue(1);
        RemoteEvaluation.evaluate(new LengthRecipe(1), "a");
        assertThat(BUILDS).as("forgotten, built again").hasValue(2);
    }

    @Test
    void theEvaluationComesBackAtFullPrecisionWithNaNAndItsTime() {
        Evaluation e = RemoteEvaluation.read(RemoteEvaluation.evaluate(new LengthRecipe(1), "abcd"));
        assertThat(e.metric("score")).isEqualTo(4 + 1 / 3.0);
        assertThat(e.metric("undefined")).isNaN();
        assertThat(e.metrics().keySet()).containsExactly("score", "undefined");
        assertThat(e.seconds()).isGreaterThanOrEqualTo(0);
        assertThat(e.cost()).isNull();
    }

    @Test
    void aTaskThreadEvaluatesWithAutogradOffAsTheDriverDoes() throws Exception {
        Engine.getInstance();
        Thread task = new Thread(() -> {
            JniUtils.setGradMode(true); // a new thread's PyTorch default
            RemoteEvaluation.evaluate(new GradModeRecipe(), "a");
        });
        task.start();
        task.join();
        assertThat(GRAD_MODE.get()).isFalse();
    }

    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST_RUNNING = new AtomicInteger();
    static volatile CountDownLatch started;
    static volatile CountDownLatch release;

    /** An evaluator that holds resources and waits, counting how many run at once. */
    record WaitingRecipe(boolean trains) implements EvaluatorRecipe<Word> {
        @Override
        public Evaluator<Word> build() {
            return new ClosingEvaluator() {
                @Override
                public Evaluation evaluate(Word w) {
                    MOST_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
                    started.countDown();
                    try {
                        release.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    RUNNING.decrementAndGet();
                    return super.evaluate(w);
                }
            };
        }

        @Override
        public Word decode(String encoding) {
            return new Word(encoding);
        }
    }

    @Test
    void anEvaluatorOutOnATaskWhenClearedIsClosedWhenItComesBack() throws Exception {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        CLOSED.set(0);
        Thread task = new Thread(() -> RemoteEvaluation.evaluate(new WaitingRecipe(false), "a"));
        task.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        RemoteEvaluation.clear();
        assertThat(CLOSED).as("still out on its task").hasValue(0);
        release.countDown();
        task.join();
        assertThat(CLOSED).hasValue(1);
    }

    @Test
    void trainingEvaluationsOfOneProcessRunOneAtATimeAndHoldTheEngineLock() throws Exception {
        RUNNING.set(0);
        MOST_RUNNING.set(0);
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        Thread first = new Thread(() -> RemoteEvaluation.evaluate(new WaitingRecipe(true), "a"));
        first.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // The second waits for the first (which waits up to 2 s for its release); unlocked, both would run now.
        Thread second = new Thread(() -> RemoteEvaluation.evaluate(new WaitingRecipe(true), "b"));
        second.start();
        AtomicBoolean seeded = new AtomicBoolean();
        Thread seeding = new Thread(() -> Seeds.withEngineSeed(1, 0, () -> seeded.getAndSet(RUNNING.get() > 0)));
        seeding.start();
        seeding.join(500);
        assertThat(MOST_RUNNING).hasValue(1);
        release.countDown();
        first.join();
        second.join();
        seeding.join();
        assertThat(MOST_RUNNING).hasValue(1);
        assertThat(seeded).as("seeded while a training evaluation ran").isFalse();
    }
}
