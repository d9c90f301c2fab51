package io.zero429.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's GC log ({@link #JVM_OPTION}): the heap after every collection, to the kilobyte, and every pause. Read
 * from a file the JVM writes anyway, so watching the heap costs the bot nothing: no attach, no safepoint, no GC it
 * would not have done.
 */
final class GcLog {
    /** {@code gc+heap=debug} prints the heap before and after each collection in K; {@code gc} the pause lines. */
    static final String JVM_OPTION = "-Xlog:gc,gc+heap=debug:file=";
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
    private static final Pattern AFTER = Pattern.compile("Heap after GC invocations=\\d+ \\(full (\\d+)\\)");
    private static final Pattern HEAP = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) (Pause .*) (\\d+\\.\\d+)ms$");

    /** The heap right after one collection, {@code seconds} after the JVM started. */
    record HeapPoint(double seconds, long heapKb, long metaspaceKb, boolean full) {
    }

    record Pause(double seconds, String what, double millis) {
    }

    final List<HeapPoint> heap = new ArrayList<>();
    final List<Pause> pauses = new ArrayList<>();

    GcLog(Path file) throws IOException {
        long fullSoFar = 0;
        boolean after = false;
        boolean full = false;
        long heapKb = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher uptime = UPTIME.matcher(line);
            double seconds = uptime.find() ? Double.parseDouble(uptime.group(1)) : 0;
            Matcher afterGc = AFTER.matcher(line);
            Matcher heapLine = HEAP.matcher(line);
            Matcher metaspace = METASPACE.matcher(line);
            Matcher pause = PAUSE.matcher(line);
            if (line.contains("Heap before GC")) {
                after = false;
            } else if (afterGc.find()) {
                long fullNow = Long.parseLong(afterGc.group(1));
                full = fullNow > fullSoFar;
                fullSoFar = fullNow;
                after = true;
                heapKb = -1;
            } else if (after && heapLine.find()) {
                heapKb = Long.parseLong(heapLine.group(1));
            } else if (after && heapKb >= 0 && metaspace.find()) {
                heap.add(new HeapPoint(seconds, heapKb, Long.parseLong(metaspace.group(1)), full));
                after = false;
            } else if (pause.find()) {
                pauses.add(new Pause(seconds, pause.group(1), Double.parseDouble(pause.group(2))));
            }
        }
    }
}
