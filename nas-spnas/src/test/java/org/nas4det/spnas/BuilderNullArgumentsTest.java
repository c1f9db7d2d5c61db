package org.nas4det.spnas;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/** SP-NAS's builders: a null argument fails in its setter, naming it, unless the Javadoc says what null means. */
class BuilderNullArgumentsTest {

    @Test
    void spNasNamesTheSetterOfANull() {
        NullArguments.assertFollowed(SpNas.Builder.class, SpNas::builder, Set.of(
                "optRunDirectory(Path)")); // null: a new temporary folder (the default)
    }

    @Test
    void trainSettingsNameTheSetterOfANull() {
        NullArguments.assertFollowed(TrainSettings.Builder.class, TrainSettings::builder, Set.of());
    }
}
