package io.zero429.store;

import io.zero429.limit.LimiterSpec;
import io.zero429.limit.SharedState;
import io.zero429.limit.SharedStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store = file:PATH}: a limiter's schedule shared by the processes of one host through one record of a
 * {@link SharedRecordFile}, the record of the limiter's name and definition (a changed definition gets a new record,
 * never an old schedule of other limits). Bucket limiters take a record of PATH; a window-mode limiter, whose ring
 * does not fit in one, a file of its own beside it ({@link #ownFile}). One mapping per file per JVM.
 */
public final class FileStores implements SharedStates {
    /** Records per file: limiters (name and definition) that share schedules through one file. */
    static final int CAPACITY = 1024;
    /**
     * Payload of a record of PATH: a written mark, the longs of up to {@link LimiterSpec#MAX_SHARED_LIMITS} bucket
     * limits, then the limiter's seven (the shared cold start, the pause and the last cut of the adjuster).
     */
    static final int PAYLOAD = 1 + 3 * LimiterSpec.MAX_SHARED_LIMITS + 7;
    /** How long a process may hold a record's lock before others take it over (its section takes microseconds). */
    static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * How long a reservation waits for the lock: past the lease, so that a live holder (descheduled, in a GC pause) is
     * always waited for and a dead one taken over; planning on the limiter's own copy of the schedule instead could
     * send early.
     */
    static final long LOCK_TIMEOUT_NANOS = 2 * LEASE_NANOS;
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    private static final Map<String, SharedRecordFile> FILES = new ConcurrentHashMap<>();

    @Override
    public SharedState open(LimiterSpec spec, int longs) {
        String path = spec.storeFile();
        long key = key(spec);
        // A schedule larger than a record (window mode keeps every unit) gets a file of its own beside the store's.
        boolean ownFile = longs > PAYLOAD - 1;
        String file = ownFile ? ownFile(path, key) : path;
        try {
            SharedRecordFile records = FILES.computeIfAbsent(file,
                    f -> ownFile ? map(f, 1, 1 + longs) : map(f, CAPACITY, PAYLOAD));
            SharedRecordFile.Record record = records.record(key);
            if (record == null) {
                LOG.warn("limiter '{}': the store file {} holds {} limiters' schedules already: this one plans alone",
                        spec.name(), path, CAPACITY);
                return null;
            }
            return new FileState(spec.name(), record, ownFile ? longs : PAYLOAD - 1, key);
        } catch (UncheckedIOException e) {
            LOG.warn("limiter '{}': the store file {} could not be used ({}): this limiter plans alone, with the "
                    + "whole budget in this process", spec.name(), file, e.getCause().getMessage());
            return null;
        }
    }

    /** The file of a limiter whose schedule does not fit in a record of the store's file: beside it, by its key. */
    static String ownFile(String path, long key) {
        return path + ".w-" + String.format("%016x", key);
    }

    private static SharedRecordFile map(String path, int capacity, int payload) {
        try {
            return SharedRecordFile.open(Paths.get(path), capacity, payload);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(e instanceof IOException ? (IOException) e : new IOException(e));
        }
    }

    /** The record's key: the limiter's name and what defines its schedule (limits, mode, margin); never 0. */
    static long key(LimiterSpec spec) {
        String definition = spec.name() + '\n' + spec.describeLimits() + '\n' + spec.marginBasisPoints();
        long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (byte b : definition.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }

    /** One limiter's record: payload 0 marks it written, the schedule's longs follow. */
    private static final class FileState implements SharedState {
        private final String limiter;
        private final SharedRecordFile.Record record;
        private final int longs;
        private final long key;
        /** Set and read inside the limiter's monitor only. */
        private long token;
        private boolean warnedTakeOver;

        FileState(String limiter, SharedRecordFile.Record record, int longs, long key) {
            this.limiter = limiter;
            this.record = record;
            this.longs = longs;
            this.key = key;
        }

        /** The record's key: the limiter's name and definition, the same in every process. */
        @Override
        public long order() {
            return key;
        }

        @Override
        public int longs() {
            return longs;
        }

        @Override
        public boolean lock() {
            token = record.lock(LEASE_NANOS, LOCK_TIMEOUT_NANOS);
            return token != 0;
        }

        @Override
        public boolean written() {
            return record.get(0) != 0;
        }

        @Override
        public long get(int index) {
            return record.get(1 + index);
        }

        @Override
        public void set(int index, long value) {
            record.set(1 + index, value);
        }

        @Override
        public void unlock() {
            record.set(0, 1);
            if (!record.unlock(token) && !warnedTakeOver) {
                warnedTakeOver = true;
                LOG.warn("limiter '{}': this process held the shared schedule's lock longer than its lease ({} ms) "
                        + "and another took it over", limiter, TimeUnit.NANOSECONDS.toMillis(LEASE_NANOS));
            }
        }
    }
}
