package io.zero429.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What the reports say about where they ran, and where the built project is. */
public final class Machine {
    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
    public static String load() {
        try {
            String[] fields = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    public static String cpuModel() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /**
     * The project root: the working directory or the nearest parent that holds {@code builtFile} (a path relative to
     * the root, such as the agent jar), so the runs work from the root or from a module directory.
     */
    public static Path projectRoot(String builtFile) {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(builtFile))) {
                return dir;
            }
        }
        throw new IllegalStateException(builtFile + " not found in the working directory or above: run from the "
                + "project root after mvn -B -q -DskipTests package");
    }
}
