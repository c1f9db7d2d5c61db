package org.nas4det.core.nn.resnet;

import java.util.List;

/**
 * Standard ResNet bodies for baselines (torchvision layouts, no avgpool/fc).
 *
 * <pre>{@code ResNetBody r18 = ResNets.body(18, 3, 4, 5); // C3..C5 for an FPN}</pre>
 */
public final class ResNets {

    private ResNets() {}

    /**
     * Builds a ResNet body returning C2..C5.
     *
     * @param depth 18, 34, 50 or 101
     * @return the body
     */
    public static ResNetBody body(int depth) {
        return body(depth, 2, 3, 4, 5);
    }

    /**
     * Builds a ResNet body returning the given levels.
     *
     * @param depth 18, 34, 50, 101 or 152
     * @param levels stage levels to return, from 2 (stride 4) to 5 (stride 32), ascending
     * @return the body
     * @throws IllegalArgumentException for another depth
     */
    public static ResNetBody body(int depth, Integer... levels) {
        return scaled(depth, 64, levels);
    }

    /**
     * Builds a ResNet body of another width: every stage's channels scale with {@code stemWidth}
     * (64 is the standard network; 16 gives a quarter-width network for CPU-sized experiments).
     *
     * @param depth 18, 34, 50, 101 or 152
     * @param stemWidth channels of the stem and of the first stage's units
     * @param levels stage levels to return, from 2 to 5
     * @return the body
     */
    public static ResNetBody scaled(int depth, int stemWidth, Integer... levels) {
        List<Integer> l = List.of(levels);
        switch (depth) {
            case 18:
                return new ResNetBody(false, new int[] {2, 2, 2, 2}, stemWidth, l);
            case 34:
                return new ResNetBody(false, new int[] {3, 4, 6, 3}, stemWidth, l);
            case 50:
                return new ResNetBody(true, new int[] {3, 4, 6, 3}, stemWidth, l);
            case 101:
                return new ResNetBody(true, new int[] {3, 4, 23, 3}, stemWidth, l);
            case 152:
                return new ResNetBody(true, new int[] {3, 8, 36, 3}, stemWidth, l);
            default:
                throw new IllegalArgumentException(
                        "ResNet depth must be 18, 34, 50, 101 or 152, got " + depth);
        }
    }
}
