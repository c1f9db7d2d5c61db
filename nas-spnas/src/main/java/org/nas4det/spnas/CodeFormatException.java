package org.nas4det.spnas;

/**
 * A malformed SP-NAS code or arch string; the message quotes the text and points at the offending
 * character with a caret.
 */
public final class CodeFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * Creates the exception.
     *
     * @param text the whole text read
     * @param position index of the offending character (text length for "ended too early")
     * @param problem what is wrong and what to write instead
     */
    public CodeFormatException(String text, int position, String problem) {
        super(problem + " at character " + (position + 1) + ":\n  " + text + "\n  " + " ".repeat(Math.max(0, position)) + "^");
        this.position = position;
    }

    /** @return index of the offending character, from 0 */
    public int position() {
        return position;
    }
}
