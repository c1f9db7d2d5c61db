package org.nas4det.fad;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.nas4det.fad.ops.OpSpace;
import org.nas4det.fad.search.SearchHead;

/** Manual probe: time of a search-head forward/backward at tiny sizes (not a test). */
public final class FadSpeedProbe {

    private FadSpeedProbe() {}

    /**
     * Runs the probe.
     *
     * @param args F C H
     */
    public static void main(String[] args) {
        int f = Integer.parseInt(args[0]);
        int c = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        try (NDManager m = NDManager.newBaseManager()) {
            SearchHead head = new SearchHead(OpSpace.released(), f, c, 1, 3);
            head.initialize(m, DataType.FLOAT32, new Shape(4, f, h, h));
            ParameterStore ps = new ParameterStore(m, false);
            for (int r = 0; r < 4; r++) {
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.randomNormal(new Shape(4, f, h, h));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList y = head.forward(ps, new NDList(x), true);
                        long t1 = System.nanoTime();
                        gc.backward(y.get(0).sum().add(y.get(1).sum()));
                        System.out.printf("forward %.3f s, backward %.3f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
                    }
                }
            }
        }
    }
}
