package org.nas4det.spnas;

/**
 * A malformed SP-NAS code or arch string; the one-line message quotes the text and marks the
 * offending character in brackets, e.g. {@code 111-21[3]1-211111-211}.
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
        super(problem + " at character " + (position + 1) + " of '" + text + "': " + marked(text, position));
        this.position = position;
    }

    private static String marked(String text, int position) {
        if (position >= text.length()) {
            return text + "[]";
        }
        return text.substring(0, position) + "[" + text.charAt(position) + "]" + text.substring(position + 1);
    }

    /** @return index of the offending character, from 0 */
    public int position() {
        return position;
    }
}
