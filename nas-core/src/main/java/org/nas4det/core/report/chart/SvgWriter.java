package org.nas4det.core.report.chart;

import java.awt.Color;
import java.util.List;

/**
 * Writes a {@link Chart} as SVG text, straight into a string: one {@code <circle>} or
 * {@code <path>} per marker inside a {@code <g class="markers">} per series, coordinates with one
 * decimal written by integer arithmetic (number formatting classes cost more than the rest of the
 * drawing).
 *
 * <pre>{@code String svg = SvgWriter.write(chart);}</pre>
 */
final class SvgWriter {

    private SvgWriter() {}

    /** @return the SVG document */
    static String write(Chart c) {
        Plane p = Plane.of(c);
        List<Series> all = c.series();
        int points = 0;
        for (Series s : all) {
            points += s.size();
        }
        StringBuilder b = new StringBuilder(4096 + 40 * points);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(c.width()).append("\" height=\"").append(c.height())
                .append("\" viewBox=\"0 0 ").append(c.width()).append(' ').append(c.height())
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"").append(hex(RasterPainter.BACKGROUND)).append("\"/>\n");
        frame(b, c, p);
        for (int k = 0; k < all.size(); k++) {
            series(b, p, all.get(k), hex(c.color(k)));
        }
        if (c.legend()) {
            legend(b, c, p);
        }
        return b.append("</svg>\n").toString();
    }

    private static void frame(StringBuilder b, Chart c, Plane p) {
        b.append("<g stroke=\"").append(hex(RasterPainter.GRID)).append("\">\n");
        for (int i = 0; i < p.xTicks.count(); i++) {
            double x = p.px(p.xTicks.value(i));
            line(b, x, p.top, x, p.bottom);
        }
        for (int i = 0; i < p.yTicks.count(); i++) {
            double y = p.py(p.yTicks.value(i));
            line(b, p.left, y, p.right, y);
        }
        b.append("</g>\n<rect x=\"").append(p.left).append("\" y=\"").append(p.top)
                .append("\" width=\"").append(p.right - p.left).append("\" height=\"").append(p.bottom - p.top)
                .append("\" fill=\"none\" stroke=\"").append(hex(RasterPainter.FRAME)).append("\"/>\n");
        b.append("<g fill=\"").append(hex(RasterPainter.TEXT)).append("\">\n<g text-anchor=\"middle\">\n");
        for (int i = 0; i < p.xTicks.count(); i++) {
            text(b, p.px(p.xTicks.value(i)), p.bottom + 18, p.xTicks.label(i));
        }
        b.append("</g>\n<g text-anchor=\"end\">\n");
        for (int i = 0; i < p.yTicks.count(); i++) {
            text(b, p.left - 6, p.py(p.yTicks.value(i)) + 4, p.yTicks.label(i));
        }
        b.append("</g>\n<g text-anchor=\"middle\">\n");
        text(b, (p.left + p.right) / 2.0, c.height() - 14, c.xAxisTitle());
        double cy = (p.top + p.bottom) / 2.0;
        b.append("<text transform=\"translate(18 ");
        num(b, cy);
        b.append(") rotate(-90)\">");
        escape(b, c.yAxisTitle());
        b.append("</text>\n<text x=\"").append(c.width() / 2).append("\" y=\"28\" font-size=\"16\" font-weight=\"bold\">");
        escape(b, c.title());
        b.append("</text>\n</g>\n</g>\n");
    }

    private static void series(StringBuilder b, Plane p, Series s, String color) {
        if (s.line()) {
            b.append("<path fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"");
            char op = 'M';
            for (int i = 0; i < s.size(); i++) {
                if (!s.drawn(i)) {
                    op = 'M'; // a gap where a value is missing
                    continue;
                }
                b.append(op);
                num(b, p.px(s.x(i)));
                b.append(' ');
                num(b, p.py(s.y(i)));
                op = 'L';
            }
            b.append("\"/>\n");
        }
        if (s.marker() != Marker.NONE) {
            b.append("<g class=\"markers\" fill=\"").append(color).append("\">\n");
            for (int i = 0; i < s.size(); i++) {
                if (s.drawn(i)) {
                    marker(b, s.marker(), p.px(s.x(i)), p.py(s.y(i)));
                }
            }
            b.append("</g>\n");
        }
    }

    private static void marker(StringBuilder b, Marker m, double x, double y) {
        if (m == Marker.CIRCLE) {
            b.append("<circle cx=\"");
            num(b, x);
            b.append("\" cy=\"");
            num(b, y);
            b.append("\" r=\"").append(m.radius()).append("\"/>\n");
        } else {
            int r = m.radius();
            b.append("<path d=\"M");
            num(b, x);
            b.append(' ');
            num(b, y - r);
            b.append('l').append(r).append(' ').append(r).append(' ').append(-r).append(' ').append(r)
                    .append(' ').append(-r).append(' ').append(-r).append("z\"/>\n");
        }
    }

    private static void legend(StringBuilder b, Chart c, Plane p) {
        int x = p.right + 12;
        int rows = c.series().size();
        b.append("<g class=\"legend\">\n<rect x=\"").append(x).append("\" y=\"").append(p.top)
                .append("\" width=\"").append(c.width() - x - 8).append("\" height=\"").append(8 + 20 * rows)
                .append("\" fill=\"none\" stroke=\"").append(hex(RasterPainter.FRAME)).append("\"/>\n");
        for (int k = 0; k < rows; k++) {
            Series s = c.series().get(k);
            int cy = p.top + 14 + 20 * k;
            String color = hex(c.color(k));
            if (s.line()) {
                b.append("<g stroke=\"").append(color).append("\" stroke-width=\"1.5\">");
                line(b, x + 6, cy, x + 26, cy);
                b.append("</g>\n");
            }
            if (s.marker() != Marker.NONE) {
                b.append("<g fill=\"").append(color).append("\">");
                marker(b, s.marker(), x + 16, cy);
                b.append("</g>\n");
            }
            b.append("<g fill=\"").append(hex(RasterPainter.TEXT)).append("\">");
            text(b, x + 32, cy + 4, s.name());
            b.append("</g>\n");
        }
        b.append("</g>\n");
    }

    private static void line(StringBuilder b, double x1, double y1, double x2, double y2) {
        b.append("<line x1=\"");
        num(b, x1);
        b.append("\" y1=\"");
        num(b, y1);
        b.append("\" x2=\"");
        num(b, x2);
        b.append("\" y2=\"");
        num(b, y2);
        b.append("\"/>\n");
    }

    private static void text(StringBuilder b, double x, double y, String s) {
        b.append("<text x=\"");
        num(b, x);
        b.append("\" y=\"");
        num(b, y);
        b.append("\">");
        escape(b, s);
        b.append("</text>\n");
    }

    /** Appends a coordinate rounded to one decimal, without a trailing {@code .0}. */
    static void num(StringBuilder b, double v) {
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        b.append(tenths / 10);
        if (tenths % 10 != 0) {
            b.append('.').append(tenths % 10);
        }
    }

    /**
     * Appends text with the characters that XML gives a meaning escaped, and those XML 1.0 cannot
     * hold at all replaced (control characters by a space; U+FFFE, U+FFFF and unpaired
     * surrogates, which UTF-8 cannot encode either, by U+FFFD).
     */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\uFFFE', '\uFFFF' -> b.append('\uFFFD');
                default -> {
                    if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(ch).append(s.charAt(++i));
                    } else if (Character.isSurrogate(ch)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? ' ' : ch);
                    }
                }
            }
        }
    }

    private static String hex(Color c) {
        String h = Integer.toHexString(0x1000000 | (c.getRGB() & 0xFFFFFF));
        return "#" + h.substring(1);
    }
}
