package org.nas4det.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading into an initialised block leaves one copy of the weights, the loaded one. */
class LoadedWeightsTest {

    @Test
    void loadClosesTheArraysItReplacesAndKeepsTheLoadedValues() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvBnAct saved = ConvBnAct.builder().setChannels(8).setKernel(3).build();
            saved.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));

            ConvBnAct fresh = ConvBnAct.builder().setChannels(8).setKernel(3).build();
            fresh.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            List<NDArray> before = new ArrayList<>();
            for (Pair<String, Parameter> p : fresh.getParameters()) {
                before.add(p.getValue().getArray());
            }
            LoadedWeights.load(fresh, m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (NDArray old : before) {
                assertThat(old.isReleased()).isTrue();
            }
            for (int i = 0; i < saved.getParameters().size(); i++) {
                NDArray want = saved.getParameters().get(i).getValue().getArray();
                NDArray got = fresh.getParameters().get(i).getValue().getArray();
                assertThat(got.isReleased()).isFalse();
                assertThat(got.toFloatArray()).containsExactly(want.toFloatArray());
            }
        }
    }
}
