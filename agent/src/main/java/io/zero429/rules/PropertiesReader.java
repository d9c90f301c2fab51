package io.zero429.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the properties syntax ({@code key = value}, {@code key: value}, {@code key value}, {@code #}/{@code !}
 * comments, backslash continuations and escapes) keeping the line every key starts on, which
 * {@link java.util.Properties} throws away.
 */
final class PropertiesReader {
    /** One key and its value, from the line the key starts on. */
    static final class Entry {
        final String key;
        final String value;
        final int line;

        Entry(String key, String value, int line) {
            this.key = key;
            this.value = value;
            this.line = line;
        }
    }

    private final String source;
    private final List<Problem> problems;

    PropertiesReader(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    List<Entry> read(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            int startLine = i + 1;
            StringBuilder logical = new StringBuilder(stripLeading(lines[i]));
            i++;
            if (logical.length() == 0 || logical.charAt(0) == '#' || logical.charAt(0) == '!') {
                continue;
            }
            while (endsWithContinuation(logical) && i < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(stripLeading(lines[i]));
                i++;
            }
            if (endsWithContinuation(logical)) {
                logical.setLength(logical.length() - 1); // a continuation at the end of the file continues nothing
            }
            Entry entry = parse(logical.toString(), startLine);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private Entry parse(String line, int lineNumber) {
        int pos = 0;
        StringBuilder key = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == '\\') {
                pos = unescape(line, pos, key, lineNumber);
                continue;
            }
            if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            }
            key.append(c);
            pos++;
        }
        while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        if (pos < line.length() && (line.charAt(pos) == '=' || line.charAt(pos) == ':')) {
            pos++;
        }
        while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        StringBuilder value = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == '\\') {
                pos = unescape(line, pos, value, lineNumber);
            } else {
                value.append(c);
                pos++;
            }
        }
        if (key.length() == 0) {
            problems.add(new Problem(source, lineNumber, "a value without a key: '" + Text.shorten(line) + "'", null));
            return null;
        }
        return new Entry(key.toString(), value.toString().trim(), lineNumber);
    }

    /** Decodes the escape at {@code pos} (a backslash) into {@code out}; returns the position after it. */
    private int unescape(String line, int pos, StringBuilder out, int lineNumber) {
        if (pos + 1 >= line.length()) {
            return pos + 1;
        }
        char c = line.charAt(pos + 1);
        switch (c) {
            case 't':
                out.append('\t');
                return pos + 2;
            case 'n':
                out.append('\n');
                return pos + 2;
            case 'r':
                out.append('\r');
                return pos + 2;
            case 'f':
                out.append('\f');
                return pos + 2;
            case 'u':
                if (pos + 6 <= line.length()) {
                    try {
                        out.append((char) Integer.parseInt(line.substring(pos + 2, pos + 6), 16));
                        return pos + 6;
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
                problems.add(new Problem(source, lineNumber, "malformed \\uXXXX escape", null));
                return pos + 2;
            default:
                out.append(c);
                return pos + 2;
        }
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int backslashes = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }
}
