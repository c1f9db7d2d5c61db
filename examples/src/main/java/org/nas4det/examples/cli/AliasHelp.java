package org.nas4det.examples.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The usage help without the old names of renamed options ({@link ConstraintOptions#OLD_NAMES}):
 * they still parse, as aliases of the new names, but the help shows only the new ones.
 */
final class AliasHelp {

    private AliasHelp() {}

    static OptionSpec visible(OptionSpec o) {
        String[] keep = Arrays.stream(o.names()).filter(n -> !ConstraintOptions.OLD_NAMES.contains(n)).toArray(String[]::new);
        return keep.length == o.names().length || keep.length == 0 ? o : o.toBuilder().names(keep).build();
    }

    static CommandLine.IHelpFactory factory() {
        return (spec, colors) -> new Help(spec, colors) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer d = super.createDefaultOptionRenderer();
                return (o, labels, scheme) -> d.render(visible(o), labels, scheme);
            }

            @Override
            protected Ansi.Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> options,
                    Comparator<OptionSpec> sort, boolean cluster) {
                return super.createDetailedSynopsisOptionsText(done,
                        options.stream().map(AliasHelp::visible).collect(Collectors.toList()), sort, cluster);
            }
        };
    }
}
