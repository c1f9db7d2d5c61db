package org.nas4det.core.report.chart;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4det.core.io.AtomicFiles;

/**
 * An x-y chart (title, axis titles, a legend, series of markers and lines) written as PNG and
 * SVG by our own small writers: a search of 100,000 candidates ends by drawing two of these, and
 * a general chart library spent most of a second there (number formatting, per-marker
 * rasterisation, adaptive PNG filtering).
 *
 * <pre>{@code
 * Chart.builder().setTitle("Search progress").setXAxisTitle("candidates").setYAxisTitle("mAP")
 *         .addSeries(Series.of("candidates", x, y, n, Marker.CIRCLE, false)).build()
 *         .save(dir.resolve("progress")); // progress.png and progress.svg
 * }</pre>
 */
public final class Chart {

    /**
     * Series colours in order: blue, orange, grey (legible on white and for most colour blindness;
     * the search charts use these three), then green, purple, brown, pink, olive, cyan, red, navy
     * and teal for charts of more series (FAD's alpha grid has one per candidate op: eleven).
     */
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xE66100), new Color(0x555555),
        new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0xBCBD22),
        new Color(0x17BECF), new Color(0xD62728), new Color(0x1A237E), new Color(0x00796B)};

    private final String title;
    private final String xAxisTitle;
    private final String yAxisTitle;
    private final int width;
    private final int height;
    private final List<Series> series;
    private final boolean legend;
    private final double yMin;
    private final double yMax;

    private Chart(Builder b) {
        legend = b.legend;
        yMin = b.yMin;
        yMax = b.yMax;
        title = b.title;
        xAxisTitle = b.xAxisTitle;
        yAxisTitle = b.yAxisTitle;
        width = b.width;
        height = b.height;
        series = List.copyOf(b.series);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return the x axis title */
    public String xAxisTitle() {
        return xAxisTitle;
    }

    /** @return the y axis title */
    public String yAxisTitle() {
        return yAxisTitle;
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return whether the legend is drawn right of the plot */
    public boolean legend() {
        return legend;
    }

    /** @return the least y the axis shows whatever the data, or NaN for the data's own range */
    public double yMin() {
        return yMin;
    }

    /** @return the greatest y the axis shows whatever the data, or NaN for the data's own range */
    public double yMax() {
        return yMax;
    }

    /** @return the series, drawn in this order */
    public List<Series> series() {
        return series;
    }

    /**
     * @param i a series' position
     * @return its colour
     */
    Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * Writes the chart as a PNG image.
     *
     * @param out where to (left open)
     * @throws IOException when writing fails
     */
    public void writePng(OutputStream out) throws IOException {
        PngEncoder.write(RasterPainter.paint(this), out);
    }

    /** @return the chart as an RGB image of its size, e.g. to place in a grid of charts */
    public BufferedImage image() {
        return RasterPainter.paint(this);
    }

    /**
     * The legend alone, for a grid of charts drawn without theirs ({@code optLegend(false)}).
     *
     * @param width pixels
     * @param height pixels
     * @param title the panel's title
     * @return an RGB image
     */
    public BufferedImage legendImage(int width, int height, String title) {
        return RasterPainter.legendPanel(this, width, height, title);
    }

    /** @return the chart as an SVG document */
    public String svg() {
        return SvgWriter.write(this);
    }

    /**
     * Writes {@code base.png} and {@code base.svg}, each to a temporary name next to it first and
     * then renamed, so a reader never sees half a picture.
     *
     * @param base the path without extension
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public void save(Path base) {
        ByteArrayOutputStream png = new ByteArrayOutputStream(256 * 1024);
        try {
            writePng(png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw plot " + base, e); // an in-memory stream: not expected
        }
        AtomicFiles.writeBytes(base.resolveSibling(base.getFileName() + ".png"), png.toByteArray());
        AtomicFiles.writeString(base.resolveSibling(base.getFileName() + ".svg"), svg());
    }

    /** Builds a {@link Chart}; {@code setTitle}, {@code setXAxisTitle}, {@code setYAxisTitle} are required. */
    public static final class Builder {
        private String title;
        private String xAxisTitle;
        private String yAxisTitle;
        private int width = 800;
        private int height = 500;
        private final List<Series> series = new ArrayList<>();
        private boolean legend = true;
        private double yMin = Double.NaN;
        private double yMax = Double.NaN;

        private Builder() {}

        /**
         * @param legend whether to draw the legend right of the plot (default true)
         * @return this builder
         */
        public Builder optLegend(boolean legend) {
            this.legend = legend;
            return this;
        }

        /**
         * @param min the least y the axis shows, whatever the data (e.g. 0 for probabilities)
         * @param max the greatest, at least {@code min}
         * @return this builder
         */
        public Builder optYRange(double min, double max) {
            if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("y range [" + min + ", " + max + "] is not a finite interval");
            }
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /**
         * @param title the title above the chart
         * @return this builder
         */
        public Builder setTitle(String title) {
            this.title = Objects.requireNonNull(title, "setTitle: null");
            return this;
        }

        /**
         * @param title the x axis title
         * @return this builder
         */
        public Builder setXAxisTitle(String title) {
            this.xAxisTitle = Objects.requireNonNull(title, "setXAxisTitle: null");
            return this;
        }

        /**
         * @param title the y axis title
         * @return this builder
         */
        public Builder setYAxisTitle(String title) {
            this.yAxisTitle = Objects.requireNonNull(title, "setYAxisTitle: null");
            return this;
        }

        /**
         * @param width pixels (default 800)
         * @param height pixels (default 500)
         * @return this builder
         */
        public Builder optSize(int width, int height) {
            if (width < 300 || height < 200) {
                throw new IllegalArgumentException("chart of " + width + "x" + height + " is too small for its frame (at least 300x200)");
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param s a series, drawn after those added before
         * @return this builder
         */
        public Builder addSeries(Series s) {
            series.add(Objects.requireNonNull(s, "addSeries: null"));
            return this;
        }

        /** @return the chart */
        public Chart build() {
            if (title == null) {
                throw new IllegalStateException("Chart.Builder: setTitle is required");
            }
            if (xAxisTitle == null) {
                throw new IllegalStateException("Chart.Builder: setXAxisTitle is required");
            }
            if (yAxisTitle == null) {
                throw new IllegalStateException("Chart.Builder: setYAxisTitle is required");
            }
            return new Chart(this);
        }
    }
}
