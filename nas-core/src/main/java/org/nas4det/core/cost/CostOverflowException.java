package org.nas4det.core.cost;

/**
 * A cost (parameters, MACs, elements) too large to count in 64 bits: the architecture or the
 * input is absurdly large. Raised instead of wrapping around to a wrong, possibly negative, count.
 */
public class CostOverflowException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what the quantity that overflowed, e.g. {@code conv MACs}
     */
    public CostOverflowException(String what) {
        super(what + " do not fit in 64 bits: the architecture or the input size is absurdly large");
    }

    /**
     * Adds two counts, failing instead of wrapping around.
     *
     * @param what the quantity, for the message
     * @param a one count
     * @param b another count
     * @return the sum
     */
    public static long add(String what, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new CostOverflowException(what);
        }
    }

    /**
     * Multiplies two counts, failing instead of wrapping around.
     *
     * @param what the quantity, for the message
     * @param a one factor
     * @param b another factor
     * @return the product
     */
    public static long multiply(String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CostOverflowException(what);
        }
    }

    /**
     * Elements of a shape, failing instead of wrapping around.
     *
     * @param what the quantity, for the message
     * @param shape the shape
     * @return the product of its dimensions
     */
    public static long elements(String what, ai.djl.ndarray.types.Shape shape) {
        long n = 1;
        for (long d : shape.getShape()) {
            n = multiply(what, n, d);
        }
        return n;
    }
}
