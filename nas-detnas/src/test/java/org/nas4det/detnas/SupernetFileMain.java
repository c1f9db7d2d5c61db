package org.nas4det.detnas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a supernet file and writes what one path computes, for the test that the file is
 * complete in a new process. Arguments: supernet file, output file, path as an int list.
 */
public final class SupernetFileMain {

    private SupernetFileMain() {}

    public static void main(String[] args) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            DetNasSupernet s = DetNasSupernet.load(Path.of(args[0]), m);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[1])))) {
                for (float v : outputs(s, DetNasArch.parse(args[2]), m)) {
                    out.writeFloat(v);
                }
            }
        }
    }

    /** The classifier's logits and every detector output of a path on a fixed input, flattened. */
    static float[] outputs(DetNasSupernet s, DetNasArch path, NDManager m) {
        s.activate(path);
        Shape in = new Shape(2, 3, 64, 64);
        NDArray x = m.arange((float) in.size()).reshape(in).div(in.size()).sub(0.5f);
        ParameterStore ps = new ParameterStore(m, false);
        NDList all = new NDList();
        all.addAll(s.classifier().forward(ps, new NDList(x), false));
        all.addAll(s.detector().forward(ps, new NDList(x), false));
        NDArray flat = null;
        for (NDArray a : all) {
            flat = flat == null ? a.flatten() : flat.concat(a.flatten());
        }
        return flat.toFloatArray();
    }
}
