package io.zero429.bench.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Progress on standard error (the report on standard output stays clean), and the machine's load. */
final class Progress {
    private Progress() {
    }

    static void say(String message) {
        System.err.println("[overhead] " + message);
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
    static String load() {
        try {
            String[] fields = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
