package org.nas4det.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --preset paper|cpu}, declared once for every search ({@code @Mixin}): {@code paper} (the
 * default) is the method's published settings, {@code cpu} its {@code Xxx.cpu()} preset.
 */
final class PresetOption {

    @Option(names = "--preset", defaultValue = "paper", description = "paper (default) | cpu")
    String preset;

    /**
     * @return whether the cpu preset was asked for
     * @throws IllegalArgumentException for a preset other than paper and cpu
     */
    boolean cpu() {
        if (!preset.equals("paper") && !preset.equals("cpu")) {
            throw new IllegalArgumentException("--preset must be paper or cpu, got " + preset);
        }
        return preset.equals("cpu");
    }
}
