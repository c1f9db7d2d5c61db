package org.nas4det.core.data.shapes;

/** The five classes of the synthetic shapes data set, category ids 1..5 in this order. */
public enum ShapeKind {
    /** A disc. */
    CIRCLE,
    /** An axis-aligned filled square. */
    SQUARE,
    /** An upright isosceles triangle. */
    TRIANGLE,
    /** An axis-aligned ellipse, wider or taller than round. */
    ELLIPSE,
    /** A plus sign with arms a third of its size thick. */
    CROSS;

    /** @return the category id (1..5) */
    public int categoryId() {
        return ordinal() + 1;
    }

    /** @return the lower-case name written to the data set */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether the pixel centre {@code (px, py)} lies inside this shape.
     *
     * @param px pixel centre x relative to the shape's centre
     * @param py pixel centre y relative to the shape's centre
     * @param size the shape's size (its bounding square side)
     * @param aspect for an ellipse, minor over major axis; negative for a tall ellipse
     * @return whether the pixel is covered
     */
    boolean covers(double px, double py, double size, double aspect) {
        double h = size / 2;
        switch (this) {
            case CIRCLE:
                return px * px + py * py <= h * h;
            case SQUARE:
                return Math.abs(px) <= h && Math.abs(py) <= h;
            case TRIANGLE:
                // apex (0, -h), base from (-h, h) to (h, h): |x| <= (y + h) / 2 within the height
                return py >= -h && py <= h && Math.abs(px) <= (py + h) / 2;
            case ELLIPSE:
                double a = h;
                double b = h * Math.abs(aspect);
                double ex = aspect >= 0 ? px : py;
                double ey = aspect >= 0 ? py : px;
                return (ex * ex) / (a * a) + (ey * ey) / (b * b) <= 1;
            case CROSS:
                double t = size / 6;
                return (Math.abs(px) <= t && Math.abs(py) <= h) || (Math.abs(py) <= t && Math.abs(px) <= h);
            default:
                throw new AssertionError(this);
        }
    }
}
