package org.nas4det.core;

import org.nas4det.core.io.JsonText;

/**
 * One point of a search space: an immutable value with a canonical text form.
 *
 * <p>{@link #encode()} is stable across runs and JVMs; it is what the search log and checkpoints
 * use. Implementations must make {@code equals}/{@code hashCode} agree with it: de-duplication
 * ({@code CandidateFilter}) compares architectures by them, without building the text. Each
 * method also reads and writes its reference's own file format.
 *
 * <pre>{@code String key = arch.encode(); A same = space.decode(key);}</pre>
 */
public interface Architecture {

    /**
     * Returns the canonical, stable text of this architecture.
     *
     * @return the encoding; {@code space.decode(encode())} gives an equal architecture
     */
    String encode();

    /**
     * Writes {@link #encode()} as a JSON string value: what the search log writes on each
     * candidate's line. An architecture whose text is made of parts (fixed text and numbers) writes
     * them one by one ({@link JsonText#beginString}), without building the whole text for each line.
     *
     * <pre>{@code arch.writeEncoding(json.name("arch"));}</pre>
     *
     * @param out the writer, where a value is due
     */
    default void writeEncoding(JsonText out) {
        out.value(encode());
    }
}
