package org.nas4det.core.data.shapes;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws one synthetic image: a smooth two-colour gradient with mild noise and 1..6 shapes of
 * random colour (contrasting with the background under them), allowed to overlap. Each kept
 * object carries its tight box; one hidden by more than {@link #MAX_OCCLUDED} of its area is
 * dropped from the annotations.
 */
final class ShapesRenderer {

    /** An object hidden beyond this fraction by later ones is not annotated. */
    static final double MAX_OCCLUDED = 0.8;
    static final int MIN_SIZE = 8;
    static final int MAX_OBJECTS = 6;
    private static final double MIN_CONTRAST = 110;
    private static final double NOISE_SD = 6;

    private ShapesRenderer() {}

    /** One annotated object: kind, tight box and visible pixel count. */
    static final class Drawn {
        final ShapeKind kind;
        final int x0;
        final int y0;
        final int x1;
        final int y1;
        final int visible;

        Drawn(ShapeKind kind, int x0, int y0, int x1, int y1, int visible) {
            this.kind = kind;
            this.x0 = x0;
            this.y0 = y0;
            this.x1 = x1;
            this.y1 = y1;
            this.visible = visible;
        }
    }

    /** The picture and its objects. */
    static final class Scene {
        final BufferedImage image;
        final List<Drawn> objects;

        Scene(BufferedImage image, List<Drawn> objects) {
            this.image = image;
            this.objects = objects;
        }
    }

    static Scene detectionScene(int side, Random rng) {
        float[] rgb = background(side, rng);
        int n = 1 + rng.nextInt(MAX_OBJECTS);
        int[] owner = new int[side * side];
        java.util.Arrays.fill(owner, -1);
        List<boolean[]> masks = new ArrayList<>();
        List<ShapeKind> kinds = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ShapeKind kind = ShapeKind.values()[rng.nextInt(ShapeKind.values().length)];
            double size = Math.exp(Math.log(MIN_SIZE) + rng.nextDouble() * (Math.log(side / 2.0) - Math.log(MIN_SIZE)));
            double cx = size / 2 + rng.nextDouble() * (side - size);
            double cy = size / 2 + rng.nextDouble() * (side - size);
            double aspect = aspect(kind, rng);
            boolean[] mask = mask(kind, side, cx, cy, size, aspect);
            float[] colour = contrastingColour(rgb, side, mask, rng);
            paint(rgb, side, mask, colour);
            for (int p = 0; p < mask.length; p++) {
                if (mask[p]) {
                    owner[p] = k;
                }
            }
            masks.add(mask);
            kinds.add(kind);
        }
        List<Drawn> objects = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            boolean[] mask = masks.get(k);
            int total = 0;
            int visible = 0;
            int x0 = side;
            int y0 = side;
            int x1 = -1;
            int y1 = -1;
            for (int p = 0; p < mask.length; p++) {
                if (mask[p]) {
                    total++;
                    if (owner[p] == k) {
                        visible++;
                    }
                    int x = p % side;
                    int y = p / side;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
            if (total == 0 || visible < (1 - MAX_OCCLUDED) * total) {
                continue;
            }
            objects.add(new Drawn(kinds.get(k), x0, y0, x1 + 1, y1 + 1, visible));
        }
        return new Scene(toImage(rgb, side, rng), objects);
    }

    static Scene classificationScene(int side, ShapeKind kind, Random rng) {
        float[] rgb = background(side, rng);
        double size = side * (0.4 + 0.4 * rng.nextDouble());
        double jitter = side * 0.05;
        double cx = side / 2.0 + (rng.nextDouble() * 2 - 1) * jitter;
        double cy = side / 2.0 + (rng.nextDouble() * 2 - 1) * jitter;
        boolean[] mask = mask(kind, side, cx, cy, size, aspect(kind, rng));
        paint(rgb, side, mask, contrastingColour(rgb, side, mask, rng));
        return new Scene(toImage(rgb, side, rng), List.of());
    }

    private static double aspect(ShapeKind kind, Random rng) {
        if (kind != ShapeKind.ELLIPSE) {
            return 1;
        }
        double a = 0.45 + 0.25 * rng.nextDouble();
        return rng.nextBoolean() ? a : -a;
    }

    private static boolean[] mask(ShapeKind kind, int side, double cx, double cy, double size, double aspect) {
        boolean[] m = new boolean[side * side];
        int xa = Math.max(0, (int) Math.floor(cx - size / 2) - 1);
        int xb = Math.min(side - 1, (int) Math.ceil(cx + size / 2) + 1);
        int ya = Math.max(0, (int) Math.floor(cy - size / 2) - 1);
        int yb = Math.min(side - 1, (int) Math.ceil(cy + size / 2) + 1);
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                if (kind.covers(x + 0.5 - cx, y + 0.5 - cy, size, aspect)) {
                    m[y * side + x] = true;
                }
            }
        }
        return m;
    }

    private static float[] background(int side, Random rng) {
        float[] c0 = randomColour(rng);
        float[] c1 = randomColour(rng);
        double theta = rng.nextDouble() * 2 * Math.PI;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double lo = Math.min(0, side * cos) + Math.min(0, side * sin);
        double hi = Math.max(0, side * cos) + Math.max(0, side * sin);
        float[] rgb = new float[3 * side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double t = ((x * cos + y * sin) - lo) / (hi - lo);
                int p = 3 * (y * side + x);
                for (int c = 0; c < 3; c++) {
                    rgb[p + c] = (float) (c0[c] + (c1[c] - c0[c]) * t);
                }
            }
        }
        return rgb;
    }

    private static float[] randomColour(Random rng) {
        return new float[] {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
    }

    /** A random colour far enough from the mean background under the mask; else its complement. */
    private static float[] contrastingColour(float[] rgb, int side, boolean[] mask, Random rng) {
        double[] mean = new double[3];
        int n = 0;
        for (int p = 0; p < mask.length; p++) {
            if (mask[p]) {
                for (int c = 0; c < 3; c++) {
                    mean[c] += rgb[3 * p + c];
                }
                n++;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= Math.max(1, n);
        }
        for (int tries = 0; tries < 64; tries++) {
            float[] colour = randomColour(rng);
            double d = 0;
            for (int c = 0; c < 3; c++) {
                d += (colour[c] - mean[c]) * (colour[c] - mean[c]);
            }
            if (Math.sqrt(d) >= MIN_CONTRAST) {
                return colour;
            }
        }
        return new float[] {
            mean[0] < 128 ? 255 : 0, mean[1] < 128 ? 255 : 0, mean[2] < 128 ? 255 : 0
        };
    }

    private static void paint(float[] rgb, int side, boolean[] mask, float[] colour) {
        for (int p = 0; p < mask.length; p++) {
            if (mask[p]) {
                rgb[3 * p] = colour[0];
                rgb[3 * p + 1] = colour[1];
                rgb[3 * p + 2] = colour[2];
            }
        }
    }

    private static BufferedImage toImage(float[] rgb, int side, Random rng) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[side * side];
        for (int p = 0; p < pixels.length; p++) {
            int v = 0;
            for (int c = 0; c < 3; c++) {
                double x = rgb[3 * p + c] + rng.nextGaussian() * NOISE_SD;
                v = (v << 8) | (int) Math.max(0, Math.min(255, Math.round(x)));
            }
            pixels[p] = v;
        }
        img.setRGB(0, 0, side, side, pixels, 0, side);
        return img;
    }
}
