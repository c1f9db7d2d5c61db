package org.nas4det.maedet;

/**
 * A structure file or string that is not a valid MAE-DET structure: the message names the file
 * (when there is one), the block index and the key.
 */
public class StructureFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public StructureFormatException(String message) {
        super(message);
    }
}
