package org.nas4det.fad.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nas4det.core.io.AtomicFiles;
import org.nas4det.core.io.DamagedRunDirectoryException;
import org.nas4det.core.report.chart.Chart;
import org.nas4det.core.report.chart.Marker;
import org.nas4det.core.report.chart.PngEncoder;
import org.nas4det.core.report.chart.Series;
import org.nas4det.fad.ops.OpSpace;

/**
 * The alphas over time: {@code alphas.jsonl} (one line per checkpoint: iteration and the raw box
 * and cls alphas, edges × K) and {@code alphas.png} (softmaxed weights per edge over time, one
 * panel per edge, box row then cls row). On resume the log is cut back to the checkpoint, so a
 * killed run's log matches an uninterrupted one's.
 *
 * <pre>{@code AlphaRecord r = new AlphaRecord(runDir.resolve("alphas.jsonl"), space); r.truncate(done); r.append(done, head);}</pre>
 */
public final class AlphaRecord {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final Path file;
    private final OpSpace space;

    /**
     * @param file the JSONL file
     * @param space the op space (series names)
     */
    public AlphaRecord(Path file, OpSpace space) {
        this.file = file;
        this.space = space;
    }

    /**
     * Reads the records. A last line without its newline (an append cut by a kill or a power cut)
     * is left out; {@link #truncate} then removes it from the file.
     *
     * @return the records in order
     * @throws DamagedRunDirectoryException naming the file and line of any other unreadable record
     */
    public List<JsonObject> read() {
        List<JsonObject> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(JsonParser.parseString(lines[i]).getAsJsonObject());
            } catch (RuntimeException e) {
                throw new DamagedRunDirectoryException(file, "line " + (i + 1) + " is not a complete alpha record (" + e.getMessage() + ")",
                        "cut the file after line " + i + " to resume from the records before it, or start again in an empty directory");
            }
        }
        return out;
    }

    /**
     * Drops records past an iteration (written after the last checkpoint of a killed run) and a
     * torn last line.
     *
     * @param upTo the last iteration kept
     */
    public void truncate(int upTo) {
        List<JsonObject> keep = read().stream().filter(o -> o.get("iteration").getAsInt() <= upTo).toList();
        StringBuilder b = new StringBuilder();
        keep.forEach(o -> b.append(o).append('\n'));
        AtomicFiles.writeString(file, b.toString());
    }

    /**
     * Appends the current alphas unless the iteration is already recorded, and redraws the plot.
     *
     * @param iteration iterations done
     * @param head the search head
     * @param plot the PNG to write
     */
    public void append(int iteration, SearchHead head, Path plot) {
        List<JsonObject> all = read();
        if (all.isEmpty() || all.get(all.size() - 1).get("iteration").getAsInt() < iteration) {
            JsonObject o = new JsonObject();
            o.addProperty("iteration", iteration);
            o.add("box", matrix(head.alphaParameters().get(0).getArray().toFloatArray()));
            o.add("cls", matrix(head.alphaParameters().get(1).getArray().toFloatArray()));
            try {
                Files.writeString(file, o + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file, e);
            }
            all.add(o);
        }
        plot(all, plot);
    }

    /**
     * Draws the plot from the records on disk.
     *
     * @param png the PNG to write
     */
    public void replot(Path png) {
        List<JsonObject> all = read();
        if (!all.isEmpty()) {
            plot(all, png);
        }
    }

    private JsonArray matrix(float[] a) {
        JsonArray rows = new JsonArray();
        int k = space.size();
        for (int e = 0; e < a.length / k; e++) {
            JsonArray r = new JsonArray();
            for (int c = 0; c < k; c++) {
                r.add(a[e * k + c]);
            }
            rows.add(r);
        }
        return rows;
    }

    private void plot(List<JsonObject> all, Path png) {
        int edges = all.get(0).getAsJsonArray("box").size();
        int w = 360;
        int h = 260;
        BufferedImage img = new BufferedImage(w * (edges + 1), h * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        String[] subnets = {"box", "cls"};
        for (int s = 0; s < 2; s++) {
            for (int e = 0; e < edges; e++) {
                double[] x = new double[all.size()];
                List<double[]> y = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    JsonObject o = all.get(i);
                    x[i] = o.get("iteration").getAsDouble();
                    JsonArray row = o.getAsJsonArray(subnets[s]).get(e).getAsJsonArray();
                    double max = Double.NEGATIVE_INFINITY;
                    for (var v : row) {
                        max = Math.max(max, v.getAsDouble());
                    }
                    double[] p = new double[row.size()];
                    double sum = 0;
                    for (int k = 0; k < p.length; k++) {
                        p[k] = Math.exp(row.get(k).getAsDouble() - max);
                        sum += p[k];
                    }
                    for (int k = 0; k < p.length; k++) {
                        p[k] /= sum;
                    }
                    y.add(p);
                }
                // Softmaxed alphas: the axis always shows [0, 1]; no legend on each small chart.
                Chart.Builder c = Chart.builder().setTitle(subnets[s] + " edge " + e).setXAxisTitle("iteration")
                        .setYAxisTitle("softmax(alpha)").optSize(w, h).optLegend(false).optYRange(0, 1);
                for (int k = 0; k < space.size(); k++) {
                    double[] series = new double[y.size()];
                    for (int i = 0; i < series.length; i++) {
                        series[i] = y.get(i)[k];
                    }
                    c.addSeries(Series.of(space.ops().get(k).name(), x, series, x.length,
                            x.length > 1 ? Marker.NONE : Marker.CIRCLE, x.length > 1));
                }
                Chart chart = c.build();
                g.drawImage(chart.image(), e * w, s * h, null);
                if (s == 0 && e == 0) {
                    // The legend gets a panel of its own, right of the last edge, both rows high.
                    g.drawImage(chart.legendImage(w, 2 * h, "ops"), edges * w, 0, null);
                }
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PngEncoder.write(img, out);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot draw " + png, ex); // an in-memory stream: not expected
        }
        AtomicFiles.writeBytes(png, out.toByteArray());
    }
}
