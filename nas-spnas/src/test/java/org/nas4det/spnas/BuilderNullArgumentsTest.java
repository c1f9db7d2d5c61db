package org.nas4det.spnas;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/** SP-NAS's builders: a null argument fails in its setter, naming it, unless the Javadoc says what null means. */
class BuilderNullArgumentsTest {

    @Test
    void spNasNamesTheSetterOfANull() {
        NullArguments.assertFollowed(SpNas.Builder.class, SpNas::builder, Set.of(
                "optRunDirectory(Path)", // null: a new temporary folder (the default)
                "optDetectionData(DetectionData)", // null: the synthetic shapes set (the default), as DetNAS's
                "optClassificationData(Path)", // null: synthetic shapes crops (the default), as DetNAS's
                "optConstraints(Constraints)")); // null: none, costs counted at optImageSize (the default)
    }

    @Test
    void serialBackboneNamesTheSetterOfANull() {
        NullArguments.assertFollowed(SerialBackbone.Builder.class, () -> SerialBackbone.builder(SpNasArch.parse("r_111-2111-211111-211_0-0-0-0")),
                Set.of());
    }

    @Test
    void trainSettingsNameTheSetterOfANull() {
        NullArguments.assertFollowed(TrainSettings.Builder.class, TrainSettings::builder, Set.of());
    }
}
