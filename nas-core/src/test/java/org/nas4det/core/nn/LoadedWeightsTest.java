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

    private static ConvBnAct initialised(NDManager m, int channels) {
        ConvBnAct b = ConvBnAct.builder().setChannels(channels).setKernel(3).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        return b;
    }

    private static byte[] parameters(ConvBnAct b) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        b.saveParameters(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void loadClosesTheArraysItReplacesAndKeepsTheLoadedValues() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ConvBnAct saved = initialised(m, 8);
            byte[] bytes = parameters(saved);
            ConvBnAct fresh = initialised(m, 8);
            List<NDArray> before = new ArrayList<>();
            for (Pair<String, Parameter> p : fresh.getParameters()) {
                before.add(p.getValue().getArray());
            }
            LoadedWeights.load(fresh, m, new DataInputStream(new ByteArrayInputStream(bytes)));
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

    @Test
    void weightsOfAnotherShapeAreRefusedNamingTheParameter() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] bytes = parameters(initialised(m, 8));
            // Same layout, other width: DJL would load the 8-channel arrays into it without a word.
            ConvBnAct other = initialised(m, 16);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> LoadedWeights.load(other, m, new DataInputStream(new ByteArrayInputStream(bytes))))
                    .isInstanceOf(ai.djl.MalformedModelException.class)
                    .hasMessageContaining("(8, 3, 3, 3) in the file, the model (16, 3, 3, 3)")
                    .hasMessageContaining("another architecture or class count");
        }
    }
}
