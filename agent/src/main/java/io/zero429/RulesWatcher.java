package io.zero429;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules file and reloads it when it changes (its modification time or size). Polling, not a
 * {@code WatchService}: it works the same on every file system (network mounts, bind mounts, editors that replace
 * the file), and a look every few seconds costs nothing. The thread is a daemon and never dies of a fault.
 */
public final class RulesWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private final Path file;
    private final Reloader reloader;
    private final long intervalMillis;
    private Object lastSeen;

    /** @param lastSeen the file's {@link #stamp} when the rules in force were read (null: unknown) */
    public RulesWatcher(Path file, Reloader reloader, long intervalMillis, Object lastSeen) {
        this.file = file;
        this.reloader = reloader;
        this.intervalMillis = intervalMillis;
        this.lastSeen = lastSeen;
    }

    /** Starts the watching thread. */
    public Thread start() {
        Thread thread = new Thread(this, "zero429-rules-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(intervalMillis);
                checkOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                LOG.error("zero429: watching {} failed once; still watching", file, e);
            }
        }
    }

    /**
     * Reloads if the file changed since the last look. A file that is missing (being replaced) is looked at again
     * next time. Returns what the reload did, or null when nothing changed.
     */
    public Reloader.Outcome checkOnce() {
        Object now = stamp(file);
        if (now == null || Objects.equals(now, lastSeen)) {
            return null;
        }
        lastSeen = now;
        return reloader.reload();
    }

    /** The file's modification time, size and identity, or null when it cannot be read now. */
    public static Object stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            // The file key (inode) tells a replaced file apart even when time and size are the same.
            return attributes.lastModifiedTime().toMillis() + ":" + attributes.size() + ":" + attributes.fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
