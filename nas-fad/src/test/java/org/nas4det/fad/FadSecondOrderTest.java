package org.nas4det.fad;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nas4det.fad.search.SecondOrder;

/**
 * The second-order architecture gradient against a numerical derivative of the unrolled
 * objective f(α) = L_val(w − ξ·∇w L_train(w, α), α) on a tiny network, in float64.
 */
class FadSecondOrderTest {

    static final double XI = 0.1;
    // The weights and architecture parameters both tests start from.
    static final double[] W = {0.2, -0.1, 0.4, 0.3, 0.25, -0.35};
    static final double[] ALPHA = {0.3, -0.2};

    // Tiny network: y = softmax(α) · [tanh(W x), (W x)²] summed; L_train and L_val are squared errors on two inputs.
    static double[] x1 = {0.3, -0.7, 0.5};
    static double[] x2 = {-0.4, 0.2, 0.9};

    static NDArray loss(NDManager m, NDArray w, NDArray a, double[] x, double target) {
        NDArray h = w.matMul(m.create(x).reshape(3, 1)).reshape(2);
        NDArray s = a.softmax(0);
        NDArray y = s.get(0).mul(h.tanh().sum()).add(s.get(1).mul(h.square().sum()));
        return y.sub(target).square();
    }

    static double f(double[] w, double[] alpha) {
        // Unrolled objective computed by hand with doubles: w' = w − ξ ∇w L_train(w, α).
        double[] g = gradW(w, alpha, x1, 1.0);
        double[] w2 = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            w2[i] = w[i] - XI * g[i];
        }
        return lossD(w2, alpha, x2, -0.5);
    }

    static double lossD(double[] w, double[] a, double[] x, double t) {
        double h0 = w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
        double h1 = w[3] * x[0] + w[4] * x[1] + w[5] * x[2];
        double e0 = Math.exp(a[0]);
        double e1 = Math.exp(a[1]);
        double s0 = e0 / (e0 + e1);
        double y = s0 * (Math.tanh(h0) + Math.tanh(h1)) + (1 - s0) * (h0 * h0 + h1 * h1);
        return (y - t) * (y - t);
    }

    static double[] gradW(double[] w, double[] a, double[] x, double t) {
        double[] g = new double[w.length];
        double eps = 1e-6;
        for (int i = 0; i < w.length; i++) {
            double[] p = w.clone();
            double[] q = w.clone();
            p[i] += eps;
            q[i] -= eps;
            g[i] = (lossD(p, a, x, t) - lossD(q, a, x, t)) / (2 * eps);
        }
        return g;
    }

    static Parameter param(NDManager m, String name, double[] v, Shape s) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(s)
                .optInitializer(new ConstantInitializer(0)).build();
        p.initialize(m, DataType.FLOAT64);
        p.getArray().set(java.nio.DoubleBuffer.wrap(v));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    @Test
    void aNonFiniteWeightGradientGivesNoHypergradientAndLeavesTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter wp = param(m, "w", W, new Shape(2, 3));
            Parameter ap = param(m, "a", ALPHA, new Shape(2));
            // sqrt at 0 (through a product with zero): a finite loss, an infinite gradient.
            Supplier<NDArray> train = () -> loss(m, wp.getArray(), ap.getArray(), x1, 1.0)
                    .add(wp.getArray().mul(0).sum().sqrt());
            Supplier<NDArray> val = () -> loss(m, wp.getArray(), ap.getArray(), x2, -0.5);
            assertThat(train.get().getDouble()).isFinite();
            assertThat(SecondOrder.alphaGradients(List.of(wp), List.of(ap), train, val, (float) XI)).isNull();
            assertThat(wp.getArray().toDoubleArray()).containsExactly(W);
            assertThat(ap.getArray().toDoubleArray()).containsExactly(ALPHA);
        }
    }

    @Test
    void matchesTheNumericalDerivativeOfTheUnrolledObjective() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter wp = param(m, "w", W, new Shape(2, 3));
            Parameter ap = param(m, "a", ALPHA, new Shape(2));
            Supplier<NDArray> train = () -> loss(m, wp.getArray(), ap.getArray(), x1, 1.0);
            Supplier<NDArray> val = () -> loss(m, wp.getArray(), ap.getArray(), x2, -0.5);
            double[] got = SecondOrder.alphaGradients(List.of(wp), List.of(ap), train, val, (float) XI).get(0).toDoubleArray();
            assertThat(wp.getArray().toDoubleArray()).containsExactly(W);
            double eps = 1e-5;
            for (int i = 0; i < 2; i++) {
                double[] p = ALPHA.clone();
                double[] q = ALPHA.clone();
                p[i] += eps;
                q[i] -= eps;
                double numeric = (f(W, p) - f(W, q)) / (2 * eps);
                assertThat(got[i]).as("d f / d alpha_%s", i).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-4 + 1e-3 * Math.abs(numeric)));
            }
            // The release's (g+ − g−)/2·ε would be off by a factor 4ε² on the Hessian term: check that term matters here.
            double[] firstOrderOnly = new double[2];
            for (int i = 0; i < 2; i++) {
                double[] p = ALPHA.clone();
                p[i] += eps;
                double[] q = ALPHA.clone();
                q[i] -= eps;
                firstOrderOnly[i] = (lossD(W, p, x2, -0.5) - lossD(W, q, x2, -0.5)) / (2 * eps);
            }
            assertThat(Math.abs(got[0] - firstOrderOnly[0]) + Math.abs(got[1] - firstOrderOnly[1])).isGreaterThan(1e-3);
        }
    }
}
