package org.nas4det.fad.genotype;

/**
 * Bad genotype text: names the source (file and line, or "genotype text"), the column and the
 * offending token.
 *
 * <pre>{@code try { Genotype.parse(text); } catch (GenotypeFormatException e) { System.err.println(e.getMessage()); }}</pre>
 */
public final class GenotypeFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the full message
     */
    public GenotypeFormatException(String message) {
        super(message);
    }
}
