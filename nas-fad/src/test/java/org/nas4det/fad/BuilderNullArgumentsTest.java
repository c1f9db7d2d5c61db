package org.nas4det.fad;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/** FAD's builder: a null argument fails in its setter, naming it, unless the Javadoc says what null means. */
class BuilderNullArgumentsTest {

    @Test
    void fadNamesTheSetterOfANull() {
        NullArguments.assertFollowed(Fad.Builder.class, Fad::builder, Set.of(
                "optRunDirectory(Path)", // null: a new temporary folder (the default)
                "optValData(DetectionData)", // null: no evaluation data
                "optDetectionData(DetectionData)")); // null: the built-in shapes data (the default), as DetNAS's
    }
}
