package io.zero429.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@link StatsJson} to a file when the JVM exits ({@code -Dzero429.stats.file=PATH}). */
public final class StatsFile {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");

    private StatsFile() {
    }

    /** Writes through a temporary file in the same directory, so a reader never sees half a document. */
    public static void write(Path file, Statistics statistics) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.write(temporary, StatsJson.render(statistics, Instant.now()).getBytes(StandardCharsets.UTF_8));
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Registers the shutdown hook that writes {@code file}. */
    public static void writeAtExit(Path file, Supplier<Statistics> statistics) {
        Thread hook = new Thread(() -> {
            try {
                write(file, statistics.get());
            } catch (IOException | RuntimeException e) {
                LOG.error("could not write the statistics file {}: {}", file, e.toString());
            }
        }, "zero429-stats-file");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
