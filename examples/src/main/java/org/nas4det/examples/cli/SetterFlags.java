package org.nas4det.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Names the command-line flag instead of the builder setter in a validation message: the library
 * says {@code optZeroShare: must be in [0, 1), got 1.0} (or {@code optHead (--head): ...}) to a
 * Java caller; a command-line user gave {@code --zero-share}, so the line starts with that. One
 * table per command (a setter can stand for different flags: DetNAS's pre-training and
 * fine-tuning sizes are both {@code SupernetTraining.optImageSize}).
 *
 * <pre>{@code SetterFlags.of("optWidth", "--width").apply(() -> b.optWidth(width));}</pre>
 */
final class SetterFlags {

    private final Map<String, String> flags = new LinkedHashMap<>();

    private SetterFlags() {}

    /**
     * @param setterThenFlag pairs: a setter's name, then the flag (or flags, as the user reads them) that sets it
     * @return the table
     */
    static SetterFlags of(String... setterThenFlag) {
        if (setterThenFlag.length % 2 != 0) {
            throw new IllegalArgumentException("setter and flag pairs, got an odd count");
        }
        SetterFlags f = new SetterFlags();
        for (int i = 0; i < setterThenFlag.length; i += 2) {
            f.flags.put(setterThenFlag[i], setterThenFlag[i + 1]);
        }
        return f;
    }

    /**
     * @param message a validation message
     * @return it with a leading {@code optX:} or {@code optX (--x):} replaced by the flag; else as it was
     */
    String rename(String message) {
        if (message == null) {
            return null;
        }
        for (Map.Entry<String, String> e : flags.entrySet()) {
            String setter = e.getKey();
            if (message.startsWith(setter + ":")) {
                return e.getValue() + message.substring(setter.length());
            }
            if (message.startsWith(setter + " (")) {
                int end = message.indexOf("):", setter.length());
                if (end > 0) {
                    return e.getValue() + message.substring(end + 1);
                }
            }
        }
        return message;
    }

    /**
     * Runs a step that sets builder values, renaming the setter in its bad-value message.
     *
     * @param step the step
     * @param <T> what it returns
     * @return what it returned
     * @throws IllegalArgumentException the step's, its message naming the flag
     */
    <T> T apply(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            // Only a builder's own check: a subclass (a malformed file, a run-directory conflict)
            // keeps its type, which the CLI's errors handle, and its text.
            String renamed = rename(e.getMessage());
            if (e.getClass() != IllegalArgumentException.class || Objects.equals(renamed, e.getMessage())) {
                throw e;
            }
            throw new IllegalArgumentException(renamed, e);
        }
    }
}
