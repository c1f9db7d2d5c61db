package org.nas4det.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import org.nas4det.core.cost.Cost;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConstraintsTest {

    private static final Architecture ARCH = () -> "a";

    @Test
    void everyLimitOfAChainIsKeptWhateverItsOrder() {
        Cost cost = Cost.builder().addParams(10, false).addConvLayer(3_000_000_000L).layers(50).build();
        Constraints layersFirst = Constraints.builder().optMaxLayers(40).optMaxMacs(2e9).build();
        Constraints macsFirst = Constraints.builder().optMaxMacs(2e9).optMaxLayers(40).build();
        for (Constraints c : new Constraints[] {layersFirst, macsFirst}) {
            assertThat(c.check(ARCH, cost)).extracting(Constraints.Violation::name)
                    .containsExactlyInAnyOrder("layers", "conv_macs");
        }
    }

    @Test
    void limitsAreSetOnlyThroughTheBuilderSoNoStaticCallCanDropThem() {
        // The trap this guards against: a static factory called through an instance
        // (none().maxLayers(40).maxMacs(2e9)) silently started a new set of limits.
        assertThat(Arrays.stream(Constraints.class.getMethods())
                        .filter(m -> Modifier.isStatic(m.getModifiers()))
                        .map(Method::getName))
                .containsExactlyInAnyOrder("builder", "none");
    }

    @Test
    void toBuilderKeepsTheLimitsAndTheInput() {
        Constraints c = Constraints.builder().optMaxParams(5).optInput(3, 480, 480).build();
        Constraints more = c.toBuilder().optMaxLayers(3).build();
        assertThat(more.input()).isEqualTo(new Shape(1, 3, 480, 480));
        assertThat(more.limits()).extracting(Constraints.Limit::quantity).containsExactly("params", "layers");
        assertThat(c.limits()).hasSize(1);
    }

    @Test
    void aNegativeOrNanLimitOrAnEmptyInputIsRefusedNamingTheSetter() {
        assertThatThrownBy(() -> Constraints.builder().optMaxMacs(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optMaxMacs: the conv_macs limit must be a number >= 0, got -5.0");
        assertThatThrownBy(() -> Constraints.builder().optMaxParams(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("optMaxParams: the params limit");
        assertThatThrownBy(() -> Constraints.builder().optMaxLayers(-1)).hasMessageStartingWith("optMaxLayers:");
        assertThatThrownBy(() -> Constraints.builder().optMaxLatencyMs(-1)).hasMessageStartingWith("optMaxLatencyMs:");
        assertThatThrownBy(() -> Constraints.builder().optMax("thop_flops", -1)).hasMessageStartingWith("optMax(\"thop_flops\", ..):");
        assertThatThrownBy(() -> Constraints.builder().optInput(0, 224, 224))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optInput: channels, height and width must be >= 1, got 0x224x224");
        assertThatThrownBy(() -> Constraints.builder().optInput(3, -1, 224)).hasMessageContaining("3x-1x224");
        // Zero and no limit at all stay allowed: a quantity may be forbidden outright.
        assertThat(Constraints.builder().optMax("bn_elements", 0).optMaxMacs(Double.POSITIVE_INFINITY).build().isEmpty()).isFalse();
    }
}

