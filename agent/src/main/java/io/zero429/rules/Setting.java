package io.zero429.rules;

/** One key and value of the configuration, with where it was given (file and line, or an override). */
public final class Setting {
    private final String key;
    private final String value;
    private final String source;
    private final int line;

    public Setting(String key, String value, String source, int line) {
        this.key = key;
        this.value = value;
        this.source = source;
        this.line = line;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    Problem problem(String message) {
        return new Problem(source, line, message, null);
    }

    Problem problem(String message, String suggestion) {
        return new Problem(source, line, message, suggestion);
    }
}
