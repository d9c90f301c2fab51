package io.zero429.rules;

/**
 * One thing wrong in a rules file or an override, with where it is: {@code FILE:LINE: message; did you mean X?}.
 */
public final class Problem {
    private final String source;
    private final int line;
    private final String message;
    private final String suggestion;

    public Problem(String source, int line, String message, String suggestion) {
        this.source = source;
        this.line = line;
        this.message = message;
        this.suggestion = suggestion;
    }

    /** A file name, or an override such as {@code -Dzero429.limiter.kis.limits}. */
    public String source() {
        return source;
    }

    /** 1-based line in the file; 0 for overrides and whole-file problems. */
    public int line() {
        return line;
    }

    public String message() {
        return message;
    }

    /** A replacement the user probably meant, or null. */
    public String suggestion() {
        return suggestion;
    }

    @Override
    public String toString() {
        String where = line > 0 ? source + ":" + line : source;
        return where + ": " + message + (suggestion == null ? "" : "; did you mean " + suggestion + "?");
    }
}
