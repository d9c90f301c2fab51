package io.zero429.rules;

/** Small text helpers for messages. */
final class Text {
    private Text() {
    }

    /** Long or odd input shown in a message without flooding it. */
    static String shorten(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
