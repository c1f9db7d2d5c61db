package org.nas4det.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4det.core.eval.CocoJson;
import org.nas4det.core.eval.CocoMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas eval-coco}: COCO bbox metrics of a result file against ground truth. */
@Command(
        name = "eval-coco",
        mixinStandardHelpOptions = true,
        description = "COCO bbox metrics of a result file against a ground-truth instances file.")
final class EvalCocoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--gt", required = true, description = "COCO instances JSON (ground truth)")
    Path gt;

    @Option(names = "--dt", required = true, description = "COCO result JSON (detections)")
    Path dt;

    @Mixin JsonOption json;

    @Override
    public Integer call() {
        CocoMetrics m = CocoJson.evaluate(gt, dt);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json.json ? JsonOutput.text(m.toJson()) + "\n" : m.summary());
        out.flush();
        return 0;
    }
}
