package org.nas4det.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every Java sample of the README is compiled code: the same lines as a region of {@link ReadmeSnippets}. */
class ReadmeSnippetsTest {

    private static final Pattern README_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SNIPPET = Pattern.compile("// snippet (\\w+)\\n(.*?)\\n\\s*// end", Pattern.DOTALL);

    @Test
    void everyReadmeJavaBlockIsACompiledSnippet() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/org/nas4det/examples/readme/ReadmeSnippets.java"));
        List<String> blocks = new ArrayList<>();
        for (Matcher m = README_BLOCK.matcher(readme); m.find();) {
            blocks.add(m.group(1).strip());
        }
        List<String> snippets = new ArrayList<>();
        for (Matcher m = SNIPPET.matcher(source); m.find();) {
            snippets.add(dedent(m.group(2)).strip());
        }
        assertThat(blocks).isNotEmpty();
        assertThat(blocks).containsExactlyElementsOf(snippets);
    }

    private static String dedent(String text) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).collect(Collectors.joining("\n"));
    }
}
