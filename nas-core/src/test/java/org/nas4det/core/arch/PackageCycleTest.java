package org.nas4det.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of every module's main sources is acyclic. A package depends on another when
 * one of its files imports a class of it (plain, static or wildcard import) or names one by its
 * fully qualified name in code; comments and string literals do not count.
 */
class PackageCycleTest {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?(org\\.nas4det(?:\\.\\w+)+?)(?:\\.[A-Z]\\w*)?(?:\\.\\w+|\\.\\*)?\\s*;",
                    Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(org\\.nas4det(?:\\.[a-z_]\\w*)*)\\.[A-Z]");

    @Test
    void everyModulesPackageGraphIsAcyclic() {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<Path> roots = mainSourceRoots(repo);
        assertThat(roots.stream().map(r -> r.getParent().getParent().getParent().getFileName().toString()))
                .as("main source roots found from %s", repo)
                .contains("nas-core", "nas-detnas", "nas-maedet", "examples");
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    addFile(graph, root.relativize(f).toString(), read(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(graph).containsKeys("org.nas4det.core", "org.nas4det.core.search");
        assertThat(cycles(graph)).as("package cycles (package -> package [files])").isEmpty();
    }

    @Test
    void theCheckSeesImportsAndQualifiedNamesButNotComments() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        addFile(graph, "a/A.java", "package org.nas4det.a;\nimport org.nas4det.b.B;\nclass A { B b; }\n");
        addFile(graph, "b/B.java", "package org.nas4det.b;\nclass B { Object c = new org.nas4det.c.C(); }\n");
        addFile(graph, "c/C.java", "package org.nas4det.c;\n/** {@link org.nas4det.d.D} */\nclass C {\n"
                + " // org.nas4det.d.D\n String s = \"org.nas4det.d.D\";\n}\n");
        addFile(graph, "d/D.java", "package org.nas4det.d;\nimport static org.nas4det.c.C.x;\n"
                + "import org.nas4det.a.*;\nclass D {}\n");
        assertThat(cycles(graph)).isEmpty();
        addFile(graph, "c/E.java", "package org.nas4det.c;\nimport org.nas4det.d.D;\nclass E {}\n");
        assertThat(cycles(graph)).hasSize(1);
        assertThat(cycles(graph).get(0)).contains("org.nas4det.a -> org.nas4det.b", "org.nas4det.c -> org.nas4det.d [E.java]");
    }

    private static List<Path> mainSourceRoots(Path repo) {
        try (Stream<Path> modules = Files.list(repo)) {
            return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the edges of one source file: its package to every other org.nas4det package it uses. */
    static void addFile(Map<String, Map<String, Set<String>>> graph, String name, String source) {
        String code = stripCommentsAndStrings(source);
        Matcher pm = PACKAGE.matcher(code);
        if (!pm.find()) {
            return;
        }
        String from = pm.group(1);
        Map<String, Set<String>> out = graph.computeIfAbsent(from, k -> new TreeMap<>());
        Set<String> used = new TreeSet<>();
        Matcher im = IMPORT.matcher(code);
        while (im.find()) {
            used.add(im.group(1));
        }
        String body = im.replaceAll("");
        Matcher qm = QUALIFIED.matcher(body);
        while (qm.find()) {
            used.add(qm.group(1));
        }
        String file = Path.of(name).getFileName().toString();
        for (String to : used) {
            if (!to.equals(from)) {
                out.computeIfAbsent(to, k -> new TreeSet<>()).add(file);
                graph.computeIfAbsent(to, k -> new TreeMap<>());
            }
        }
    }

    private static String stripCommentsAndStrings(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? s.length() : end + 3;
                b.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                b.append(c).append(c);
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                String comment = s.substring(i, end < 0 ? s.length() : end);
                i = end < 0 ? s.length() : end + 2;
                b.append(' ').append("\n".repeat((int) comment.chars().filter(ch -> ch == '\n').count()));
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** Returns each strongly connected component of more than one package, with its edges. */
    static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, components, counter);
            }
        }
        List<String> out = new ArrayList<>();
        for (Set<String> comp : components) {
            if (comp.size() < 2) {
                continue;
            }
            StringBuilder sb = new StringBuilder("cycle among " + comp + ":");
            for (String a : comp) {
                for (Map.Entry<String, Set<String>> e : graph.get(a).entrySet()) {
                    if (comp.contains(e.getKey())) {
                        sb.append("\n  ").append(a).append(" -> ").append(e.getKey()).append(' ').append(e.getValue());
                    }
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> comp = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                comp.add(w);
            } while (!w.equals(v));
            components.add(comp);
        }
    }
}
