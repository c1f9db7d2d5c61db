package org.nas4det.core.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Paints a {@link Chart} with Java2D. Each marker is a copy of one small antialiased image of the
 * symbol (a sprite) rather than a shape rasterised anew: thousands of markers then cost a few
 * milliseconds, not a tenth of a second.
 *
 * <pre>{@code BufferedImage png = RasterPainter.paint(chart);}</pre>
 */
final class RasterPainter {

    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xE6E6E6);
    static final Color FRAME = new Color(0x999999);
    static final Color TEXT = new Color(0x222222);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final BasicStroke LINE = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private RasterPainter() {}

    /** @return the chart as an RGB image of its size */
    static BufferedImage paint(Chart c) {
        BufferedImage img = new BufferedImage(c.width(), c.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank(img);
        try {
            Plane p = Plane.of(c);
            frame(g, c, p);
            List<Series> all = c.series();
            for (int k = 0; k < all.size(); k++) {
                series(g, p, all.get(k), c.color(k));
            }
            if (c.legend()) {
                legend(g, c, p.right + 12, p.top, c.width() - p.right - 20);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** @return the image's graphics, the image filled with the background, text antialiased (the caller disposes it) */
    private static Graphics2D blank(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    /** Grid, frame, tick labels, title and axis titles. */
    private static void frame(Graphics2D g, Chart c, Plane p) {
        g.setColor(GRID);
        for (int i = 0; i < p.xTicks.count(); i++) {
            int x = (int) Math.round(p.px(p.xTicks.value(i)));
            g.drawLine(x, p.top, x, p.bottom);
        }
        for (int i = 0; i < p.yTicks.count(); i++) {
            int y = (int) Math.round(p.py(p.yTicks.value(i)));
            g.drawLine(p.left, y, p.right, y);
        }
        g.setColor(FRAME);
        g.drawRect(p.left, p.top, p.right - p.left, p.bottom - p.top);
        g.setColor(TEXT);
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < p.xTicks.count(); i++) {
            String s = p.xTicks.label(i);
            int x = (int) Math.round(p.px(p.xTicks.value(i)));
            g.drawString(s, x - fm.stringWidth(s) / 2, p.bottom + 6 + fm.getAscent());
        }
        for (int i = 0; i < p.yTicks.count(); i++) {
            String s = p.yTicks.label(i);
            int y = (int) Math.round(p.py(p.yTicks.value(i)));
            g.drawString(s, p.left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        String xt = c.xAxisTitle();
        g.drawString(xt, (p.left + p.right - fm.stringWidth(xt)) / 2, c.height() - 14);
        AffineTransform plain = g.getTransform();
        g.translate(18, (p.top + p.bottom) / 2.0);
        g.rotate(-Math.PI / 2);
        String yt = c.yAxisTitle();
        g.drawString(yt, -fm.stringWidth(yt) / 2, 0);
        g.setTransform(plain);
        g.setFont(TITLE);
        fm = g.getFontMetrics();
        g.drawString(c.title(), (c.width() - fm.stringWidth(c.title())) / 2, 28);
    }

    private static void series(Graphics2D g, Plane p, Series s, Color color) {
        if (s.line()) {
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, s.size());
            boolean pen = false;
            for (int i = 0; i < s.size(); i++) {
                if (!s.drawn(i)) {
                    pen = false; // a gap where a value is missing
                } else if (pen) {
                    path.lineTo(p.px(s.x(i)), p.py(s.y(i)));
                } else {
                    path.moveTo(p.px(s.x(i)), p.py(s.y(i)));
                    pen = true;
                }
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(LINE);
            g.setColor(color);
            g.draw(path);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        }
        if (s.marker() != Marker.NONE) {
            BufferedImage sprite = sprite(s.marker(), color);
            int half = sprite.getWidth() / 2;
            for (int i = 0; i < s.size(); i++) {
                if (s.drawn(i)) {
                    g.drawImage(sprite, (int) Math.round(p.px(s.x(i))) - half,
                            (int) Math.round(p.py(s.y(i))) - half, null);
                }
            }
        }
    }

    /** @return the symbol painted once, antialiased, centred on the middle pixel of a transparent square */
    static BufferedImage sprite(Marker m, Color color) {
        int size = 2 * (Marker.RADIUS + 2) + 1;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(color);
            g.fill(m.shape(size / 2 + 0.5, size / 2 + 0.5));
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * The legend of a chart alone, in a panel of its own with a title (a grid of small charts
     * without legends shares one).
     */
    static BufferedImage legendPanel(Chart c, int width, int height, String title) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank(img);
        try {
            g.setColor(TEXT);
            g.setFont(TITLE);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (width - fm.stringWidth(title)) / 2, 28);
            legend(g, c, 12, Plane.TOP, width - 20);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The legend box at (x, y), this wide: one row per series, its line or marker and its name. */
    private static void legend(Graphics2D g, Chart c, int x, int y, int width) {
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int rows = c.series().size();
        g.setColor(FRAME);
        g.drawRect(x, y, width, 8 + 20 * rows);
        for (int k = 0; k < rows; k++) {
            Series s = c.series().get(k);
            int cy = y + 14 + 20 * k;
            Color color = c.color(k);
            if (s.line()) {
                g.setColor(color);
                g.setStroke(LINE);
                g.drawLine(x + 6, cy, x + 26, cy);
            }
            if (s.marker() != Marker.NONE) {
                BufferedImage sprite = sprite(s.marker(), color);
                g.drawImage(sprite, x + 16 - sprite.getWidth() / 2, cy - sprite.getHeight() / 2, null);
            }
            g.setColor(TEXT);
            g.drawString(s.name(), x + 32, cy + fm.getAscent() / 2 - 1);
        }
    }
}
