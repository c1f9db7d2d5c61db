package org.nas4det.core.builders;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Calls every public {@code opt*}, {@code add*} and {@code set*} method a builder class declares
 * that takes a reference-typed parameter with null for all such parameters (1, 0.5 or false for
 * the others), and again with null for each one alone where the others can be stood in for (a
 * path, a string, an interface, an array), each call on a fresh builder, and lists what breaks the
 * rule: a NullPointerException
 * whose message names the method, unless the method is allowed to take null (its Javadoc says
 * what null means), in which case the call must succeed. Deprecated aliases are left out: they
 * delegate to, and their messages name, the vocabulary's name. Shared by every module's
 * {@code BuilderNullArgumentsTest}.
 */
public final class NullArguments {

    private NullArguments() {}

    /**
     * Asserts that the builder class has methods the rule covers and that none breaks it.
     *
     * @param builderClass the builder class
     * @param fresh a new builder per call
     * @param acceptsNull signatures, as {@link #signature} writes them, whose Javadoc documents null
     */
    public static void assertFollowed(Class<?> builderClass, Supplier<?> fresh, Set<String> acceptsNull) {
        org.assertj.core.api.Assertions.assertThat(checked(builderClass)).as("methods of %s the rule covers", builderClass).isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(problems(builderClass, fresh, acceptsNull)).isEmpty();
    }

    /**
     * Lists the methods that break the rule.
     *
     * @param builderClass the builder class
     * @param fresh a new builder per call
     * @param acceptsNull signatures, as {@link #signature} writes them, whose Javadoc documents null
     * @return one line per problem; empty when every method follows the rule
     */
    public static List<String> problems(Class<?> builderClass, Supplier<?> fresh, Set<String> acceptsNull) {
        List<String> problems = new ArrayList<>();
        Set<String> unused = new TreeSet<>(acceptsNull);
        for (Method m : checked(builderClass)) {
            String sig = signature(m);
            boolean allowed = unused.remove(sig);
            Throwable thrown = call(m, fresh.get(), -1);
            if (allowed) {
                if (thrown != null) {
                    problems.add(sig + " is documented to take null but threw " + thrown);
                }
                continue;
            }
            check(problems, sig, m, thrown);
            Class<?>[] types = m.getParameterTypes();
            long references = Arrays.stream(types).filter(t -> !t.isPrimitive()).count();
            for (int p = 0; p < types.length && references > 1; p++) {
                if (!types[p].isPrimitive() && standInsExist(types, p)) {
                    check(problems, sig + " with only argument " + (p + 1) + " null", m, call(m, fresh.get(), p));
                }
            }
        }
        // A stale entry would hide a renamed method's check.
        unused.forEach(s -> problems.add("the allow-list names " + s + ", which " + builderClass.getSimpleName() + " lacks"));
        return problems;
    }

    /**
     * The methods the rule covers, by signature.
     *
     * @param builderClass the builder class
     * @return public, not deprecated opt/add/set methods declared there with a reference parameter
     */
    public static List<Method> checked(Class<?> builderClass) {
        return Arrays.stream(builderClass.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> m.getName().matches("(opt|add|set)[A-Z]\\w*"))
                .filter(m -> !m.isAnnotationPresent(Deprecated.class))
                .filter(m -> Arrays.stream(m.getParameterTypes()).anyMatch(t -> !t.isPrimitive()))
                .sorted((a, b) -> signature(a).compareTo(signature(b)))
                .collect(Collectors.toList());
    }

    /**
     * @param m a method
     * @return {@code name(Type, Type)} with simple type names, e.g. {@code optDetectionData(Path, Path)}
     */
    public static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static void check(List<String> problems, String what, Method m, Throwable thrown) {
        if (!(thrown instanceof NullPointerException)) {
            problems.add(what + " took null without a NullPointerException" + (thrown == null ? "" : ": threw " + thrown));
        } else if (thrown.getMessage() == null || !thrown.getMessage().startsWith(m.getName() + ":")) {
            problems.add(what + " threw a NullPointerException whose message does not start with '" + m.getName()
                    + ":': " + thrown.getMessage());
        }
    }

    private static boolean standInsExist(Class<?>[] types, int nullAt) {
        for (int i = 0; i < types.length; i++) {
            if (i != nullAt && !types[i].isPrimitive() && standIn(types[i]) == null) {
                return false;
            }
        }
        return true;
    }

    /** A non-null argument of a type where one is easy to make (the setter may refuse it, but not as null). */
    private static Object standIn(Class<?> t) {
        if (t == String.class) {
            return "nas4det-stand-in";
        } else if (t == java.nio.file.Path.class) {
            return java.nio.file.Path.of("nas4det-stand-in");
        } else if (t.isArray()) {
            return java.lang.reflect.Array.newInstance(t.getComponentType(), 0);
        } else if (t.isInterface()) {
            return java.lang.reflect.Proxy.newProxyInstance(NullArguments.class.getClassLoader(), new Class<?>[] {t}, (p, m, a) -> {
                throw new UnsupportedOperationException("stand-in");
            });
        }
        return null;
    }

    /** Calls with every reference argument null ({@code nullAt} -1), or only the one at {@code nullAt}. */
    private static Throwable call(Method m, Object builder, int nullAt) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = nullAt >= 0 && i != nullAt && !types[i].isPrimitive() ? standIn(types[i]) : valid(types[i]);
        }
        try {
            m.invoke(builder, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** A value every primitive setter accepts (counts >= 1, fractions in (0, 1)); null for a reference. */
    private static Object valid(Class<?> t) {
        if (t == int.class) {
            return 1;
        } else if (t == long.class) {
            return 1L;
        } else if (t == double.class) {
            return 0.5;
        } else if (t == float.class) {
            return 0.5f;
        } else if (t == boolean.class) {
            return false;
        }
        return null;
    }
}
