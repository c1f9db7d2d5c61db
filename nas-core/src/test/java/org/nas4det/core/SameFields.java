package org.nas4det.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Checks that two objects of a class agree in every instance field: a builder's copy, a built
 * object's {@code toBuilder()}. A field added later and left out of the copying code fails it.
 *
 * <pre>{@code SameFields.check(Fad.Builder.class, run.b, builder);}</pre>
 */
public final class SameFields {

    private SameFields() {}

    /**
     * @param type the class whose declared fields are compared
     * @param actual one object
     * @param expected the other
     * @param <T> the type
     * @throws IllegalAccessException never: the fields are made accessible
     */
    public static <T> void check(Class<T> type, T actual, T expected) throws IllegalAccessException {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            assertThat(f.get(actual)).as(type.getSimpleName() + "." + f.getName()).isEqualTo(f.get(expected));
        }
    }
}
