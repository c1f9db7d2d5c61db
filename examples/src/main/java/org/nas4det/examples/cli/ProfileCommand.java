package org.nas4det.examples.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4det.core.cost.Cost;
import org.nas4det.core.cost.CostModel;
import org.nas4det.core.io.TextFiles;
import org.nas4det.core.nn.GlobalAvgPool;
import org.nas4det.core.nn.resnet.ResNets;
import org.nas4det.detnas.DetNasArch;
import org.nas4det.detnas.DetNasSpace;
import org.nas4det.maedet.MaeDetBackbone;
import org.nas4det.maedet.MaeDetStructure;
import org.nas4det.spnas.BlockType;
import org.nas4det.spnas.SerialBackbone;
import org.nas4det.spnas.SpNas;
import org.nas4det.spnas.SpNasArch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas profile}: the analytic cost of one architecture. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = "Cost of one architecture: params, MACs and the parts of every FLOPs convention.")
final class ProfileCommand implements Callable<Integer> {

    /** The spaces {@code --space} accepts. */
    enum Space {
        resnet,
        maedet,
        detnas,
        spnas,
        fad
    }

    /** What to profile. */
    enum Mode {
        backbone,
        classifier
    }

    @Spec CommandSpec spec;

    @Option(names = "--space", required = true, description = "resnet|maedet|detnas|spnas|fad")
    Space space;

    @Option(
            names = "--arch",
            required = true,
            description = "the architecture: for resnet the depth 18|34|50|101; for maedet a structure file (TinyNAS v1/v2) or inline text; for detnas the int list (20 blocks: small space, 40: large), an MMRazor fix_subnet YAML or a nas4det subnet JSON; for spnas a code 111-2111-211111-211 (with --block) or an arch string r_<code>_<parallel>")
    String arch;

    @Option(names = "--block", defaultValue = "bottleneck",
            description = "spnas: block of a bare code, basic | bottleneck | resnext32x4d (default ${DEFAULT-VALUE})")
    String block;

    @Option(names = "--width", converter = OptionValues.Positive.class,
            description = "spnas: backbone stem width (default: the run's, when --arch is a run's best_arch.txt, from the"
                    + " spnas.json beside it; else 64)")
    Integer spnasWidth;

    @Option(
            names = "--input",
            converter = ShapeOption.class,
            defaultValue = "3x224x224",
            description = "input CxHxW (default ${DEFAULT-VALUE})")
    Shape input;

    @Option(
            names = "--mode",
            defaultValue = "backbone",
            description = "backbone (default) or classifier (adds global pooling and FC)")
    Mode mode;

    @Option(names = "--classes", converter = OptionValues.Positive.class, defaultValue = "1000", description = "classes of the classifier head")
    int classes;

    @Mixin JsonOption json;

    @Option(converter = OptionValues.Positive.class, names = "--channels", defaultValue = "96", description = "fad: op width C (default ${DEFAULT-VALUE})")
    int fadWidth;

    @Option(converter = OptionValues.Positive.class, names = "--cells", description = "fad: cells per subnet (default 2 for a genotype, 1 for search)")
    Integer fadCells;

    @Option(converter = OptionValues.Positive.class, names = "--fpn-channels", defaultValue = "256", description = "fad: FPN width F (default ${DEFAULT-VALUE})")
    int fadFpn;

    @Option(names = "--rate3", description = "fad: the 12-op space")
    boolean fadRate3;

    @Override
    public Integer call() {
        if (space == Space.fad) {
            boolean at = spec.commandLine().getParseResult().hasMatchedOption("--input");
            int k = spec.commandLine().getParseResult().hasMatchedOption("--classes") ? classes : 80;
            JsonObject o = FadProfile.profile(arch, fadFpn, fadWidth, fadCells, k, fadRate3, at ? input : null);
            PrintWriter w = spec.commandLine().getOut();
            if (json.json) {
                w.println(o);
            } else {
                o.entrySet().forEach(e -> w.println(String.format(Locale.ROOT, "%-18s %s", e.getKey(), e.getValue())));
            }
            w.flush();
            return 0;
        }
        Block block;
        try {
            block = build();
        } catch (IllegalArgumentException e) {
            throw namingArch(e);
        }
        Cost cost = CostModel.count(block, input);
        if (space == Space.maedet) {
            cost = cost.withLayers(((MaeDetBackbone) backbone(block)).structure().layers());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.json) {
            out.println(JsonOutput.text(cost.toJson()));
        } else {
            out.println(table(cost));
        }
        out.flush();
        return 0;
    }

    private Block build() {
        if (space == Space.maedet) {
            MaeDetStructure s = MaeDetCli.structure(arch);
            return mode == Mode.backbone
                    ? MaeDetBackbone.of(s)
                    : classifier(new SequentialBlock().add(MaeDetBackbone.of(s, java.util.List.of(s.stages() - 1))));
        }
        if (space == Space.detnas) {
            DetNasSpace detnas = DetNasSpace.forArch(arch);
            DetNasArch a = DetNasArch.read(arch, detnas);
            if (mode == Mode.backbone) {
                return detnas.build(a);
            }
            if (classes <= 0) {
                throw new IllegalArgumentException("--classes must be > 0, got " + classes);
            }
            return detnas.classifier(a, classes);
        }
        if (space == Space.spnas) {
            // A run's best_arch.txt is profiled as the run searched it: at the width and shared
            // copies of the spnas.json beside it (an arch string holds neither).
            String text = arch.trim();
            java.nio.file.Path file = java.nio.file.Path.of(text);
            java.nio.file.Path settings = file.toAbsolutePath().resolveSibling(SpNas.SETTINGS);
            boolean runFile = java.nio.file.Files.isRegularFile(file);
            SpNasArch a = SpNasArch.parseCodeOrArch(runFile ? TextFiles.readUtf8(file).trim() : text, BlockType.parse(block));
            SerialBackbone.Builder backbone = runFile && java.nio.file.Files.isRegularFile(settings)
                    ? SpNas.backboneOf(a, settings) : SerialBackbone.builder(a);
            if (spnasWidth != null) {
                backbone.optWidth(spnasWidth);
            }
            if (mode == Mode.backbone) {
                return backbone.build();
            }
            return classifier(new SequentialBlock().add(backbone.optOutputs(java.util.List.of(a.serialCode().stages() - 1)).build()));
        }
        if (space != Space.resnet) {
            throw new IllegalArgumentException(
                    "--space " + space + " is not available in this build; use --space resnet, maedet, detnas, fad or spnas");
        }
        int depth;
        try {
            depth = Integer.parseInt(arch.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--arch for resnet is the depth 18|34|50|101, got '" + arch + "'");
        }
        if (depth != 18 && depth != 34 && depth != 50 && depth != 101) {
            throw new IllegalArgumentException(
                    "--arch for resnet is the depth 18|34|50|101, got " + depth);
        }
        if (mode == Mode.backbone) {
            return ResNets.body(depth, 5);
        }
        return classifier(new SequentialBlock().add(ResNets.body(depth, 5)));
    }

    /**
     * An error about inline architecture text, said to be about {@code --arch} (an error about a
     * file names the file, one about another option names that option).
     */
    private IllegalArgumentException namingArch(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        boolean file;
        try {
            file = java.nio.file.Files.exists(java.nio.file.Path.of(arch.trim()));
        } catch (java.nio.file.InvalidPathException notAPath) {
            file = false;
        }
        return file || m.startsWith("--") ? e : new IllegalArgumentException("--arch: " + m, e);
    }

    /** The backbone of a built block: itself, or the first child of a classifier. */
    private static Block backbone(Block block) {
        return block instanceof SequentialBlock ? block.getChildren().get(0).getValue() : block;
    }

    private Block classifier(SequentialBlock body) {
        if (classes <= 0) {
            throw new IllegalArgumentException("--classes must be > 0, got " + classes);
        }
        return body.add(new GlobalAvgPool()).add(Linear.builder().setUnits(classes).build());
    }

    private static String table(Cost c) {
        return String.format(
                Locale.ROOT,
                "params            %,d (BN %,d)%n"
                        + "conv MACs         %,d%n"
                        + "thop FLOPs        %,d  (MACs + 2*BN + avg-pool outputs)%n"
                        + "mmcv FLOPs        %,d  (MACs + 2*BN + activations + pool inputs)%n"
                        + "BN elements       %,d%n"
                        + "act elements      %,d%n"
                        + "pool in/out       %,d / %,d%n"
                        + "conv layers       %d%n"
                        + "input             %s",
                c.params(),
                c.paramsBn(),
                c.convMacs(),
                c.thopFlops(),
                c.mmcvFlops(),
                c.bnElements(),
                c.actElements(),
                c.poolInElements(),
                c.poolOutElements(),
                c.convLayers(),
                c.input());
    }
}
