package io.zero429.bench.overhead;

/** Progress on standard error (the report on standard output stays clean). */
final class Progress {
    private Progress() {
    }

    static void say(String message) {
        System.err.println("[overhead] " + message);
    }
}
