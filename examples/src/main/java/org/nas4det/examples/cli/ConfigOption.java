package org.nas4det.examples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.nas4det.core.io.JsonFiles;
import org.nas4det.core.io.MalformedFileException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} of every search ({@code @Mixin}): a JSON object whose keys are the long
 * flag names without the leading dashes, e.g. {@code {"preset": "cpu", "max-macs": 3e8,
 * "run-dir": "runs/x"}}. The file's values are the command's defaults (a picocli default value
 * provider), so flags given on the command line win. An unknown key, a value of the wrong type
 * or an unreadable file is bad input naming the file and the key.
 */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON object of this command's options: keys are the long flag names without the dashes"
                    + " (e.g. {\"max-macs\": 3e8, \"seed\": 1}); flags given on the command line win")
    Path config;

    /**
     * Finds {@code --config FILE} in the arguments of a search command and installs the file's
     * values as the command's defaults.
     *
     * @param root the launcher's command line
     * @param args the arguments
     * @throws IllegalArgumentException (a {@link MalformedFileException}) naming the file and the key
     */
    static void install(CommandLine root, String[] args) {
        Path file = null;
        CommandLine target = null;
        CommandLine search = root.getSubcommands().get("search");
        for (int i = 0; i < args.length; i++) {
            if (target == null && search != null && i > 0 && args[i - 1].equals("search")) {
                target = search.getSubcommands().get(args[i]);
            } else if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (file == null || target == null) {
            return;
        }
        target.setDefaultValueProvider(new Defaults(file, target.getCommandSpec()));
    }

    /** The values of a config file, as the default values of the options they name. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        private final Path file;
        private final Map<OptionSpec, String> values = new HashMap<>();
        private final Map<OptionSpec, String> keys = new HashMap<>();
        private final Set<ArgSpec> supplied = new HashSet<>();

        Defaults(Path file, CommandSpec spec) {
            this.file = file;
            JsonObject o = JsonFiles.readObject(file, "the options of " + spec.qualifiedName());
            requireUniqueKeys(file);
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                String key = e.getKey();
                OptionSpec opt = key.startsWith("-") || key.equals("config") || key.equals("help") || key.equals("version")
                        ? null : spec.findOption("--" + key);
                if (opt == null || !spec.options().contains(opt)) {
                    throw new MalformedFileException(file, "key '" + key + "'", "not an option of " + spec.qualifiedName()
                            + " (keys are its long flag names without the dashes, e.g. \"seed\")");
                }
                if (opt.inherited()) {
                    // The launcher's own options (--threads, --verbose) are read before the search's
                    // defaults exist: a value here would be accepted and then ignored.
                    throw new MalformedFileException(file, "key '" + key + "'", "is an option of nas itself, not of "
                            + spec.qualifiedName() + ": give it on the command line (--" + key + ")");
                }
                if (values.containsKey(opt)) {
                    throw new MalformedFileException(file, "key '" + key + "'", "names the same option as key '" + keys.get(opt) + "'");
                }
                values.put(opt, text(key, opt, e.getValue()));
                keys.put(opt, key);
            }
        }

        /** A key given twice is refused: JSON readers keep one of the two values, each its own. */
        private static void requireUniqueKeys(Path file) {
            try (com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(
                    new java.io.StringReader(org.nas4det.core.io.TextFiles.readUtf8(file)))) {
                Set<String> seen = new HashSet<>();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (!seen.add(key)) {
                        throw new MalformedFileException(file, "key '" + key + "'", "is given twice; give each option once");
                    }
                    r.skipValue();
                }
            } catch (java.io.IOException e) {
                throw new MalformedFileException(file, null, "cannot read: " + e.getMessage(), e);
            }
        }

        private String text(String key, OptionSpec opt, JsonElement v) {
            if (opt.arity().max() == 0) {
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                    throw new MalformedFileException(file, "key '" + key + "'", "expected true or false, got " + v);
                }
                return v.getAsString();
            }
            if (v.isJsonArray() && opt.isMultiValue() && !opt.splitRegex().isEmpty()) {
                List<String> parts = StreamSupport.stream(v.getAsJsonArray().spliterator(), false)
                        .map(x -> {
                            if (!x.isJsonPrimitive() || x.getAsJsonPrimitive().isBoolean()) {
                                throw new MalformedFileException(file, "key '" + key + "'", "expected an array of numbers or strings, got " + v);
                            }
                            return x.getAsString();
                        })
                        .collect(Collectors.toList());
                return String.join(",", parts);
            }
            if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()) {
                throw new MalformedFileException(file, "key '" + key + "'", "expected a number or a string, got " + v);
            }
            return v.getAsString();
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            String v = arg instanceof OptionSpec ? values.get(arg) : null;
            if (v != null) {
                supplied.add(arg);
            }
            return v;
        }

        /**
         * The file and key a value came from, when it came from this file.
         *
         * @param arg the option
         * @return e.g. {@code run.json: key 'max-macs'}, or null
         */
        String source(ArgSpec arg) {
            return arg instanceof OptionSpec && supplied.contains(arg) ? file + ": key '" + keys.get(arg) + "'" : null;
        }
    }
}
