package org.nas4det.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4det.core.builders.NullArguments;

/** The Spark executor's builder: a null or empty argument fails in its setter, naming it. */
class BuilderNullArgumentsTest {

    @Test
    void sparkExecutorNamesTheSetterOfANull() {
        NullArguments.assertFollowed(SparkExecutor.Builder.class, SparkExecutor::builder, Set.of());
        assertThatThrownBy(() -> SparkExecutor.builder().optMaster(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optMaster: the Spark master URL is empty");
        assertThatThrownBy(() -> SparkExecutor.builder().optEngineThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optEngineThreads: must be >= 1, got 0");
    }
}
