package io.zero429.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed-size records shared by every process of one host that maps the same file: the ground of {@code store =
 * file:PATH}. Each record is found by a 64-bit key and guarded by a lock word that several JVMs take with
 * compare-and-set on the mapped memory; what it guards is a few longs, read and written in a section of microseconds.
 *
 * <p>No lock outlives a process: the lock word holds its lease's end on {@link System#nanoTime()} (on Linux,
 * {@code CLOCK_MONOTONIC}: one clock for every process of the host), and a lock whose lease ran out is taken over.
 * Creating and initialising the file happens under an OS file lock, which the OS releases if its holder dies, so
 * processes started at the same instant agree on one layout. A file left by an earlier boot (another monotonic
 * clock; its times mean nothing now) is cleared when first opened.
 *
 * <p>Layout (native byte order, longs): a header of {@link #HEADER_LONGS} (magic, layout, boot), then
 * {@code capacity} records of {@code longsPerRecord}: key (0: free), lock word (0: free, else the lease's end),
 * last use, then the payload.
 */
public final class SharedRecordFile implements Closeable {
    static final long MAGIC = 0x7A65726F34323901L; // "zero429" v1
    static final int HEADER_LONGS = 8;
    /** Longs of a record before its payload: key, lock word, last use. */
    public static final int RECORD_OVERHEAD = 3;
    private static final int KEY = 0;
    private static final int LOCK = 1;
    private static final int USED = 2;
    private static final long FREE = 0;
    private static final VarHandle LONGS =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Path path;
    private final FileChannel channel;
    private final MappedByteBuffer memory;
    private final int capacity;
    private final int longsPerRecord;

    private SharedRecordFile(Path path, FileChannel channel, MappedByteBuffer memory, int capacity,
            int longsPerRecord) {
        this.path = path;
        this.channel = channel;
        this.memory = memory;
        this.capacity = capacity;
        this.longsPerRecord = longsPerRecord;
    }

    /**
     * Maps {@code path}, creating and initialising it if needed.
     *
     * @param capacity records the file holds (a power of two)
     * @param payloadLongs longs of payload per record
     * @throws IOException if the file cannot be created or mapped, or holds another layout (other sizes)
     */
    public static SharedRecordFile open(Path path, int capacity, int payloadLongs) throws IOException {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || payloadLongs < 0) {
            throw new IllegalArgumentException("capacity must be a power of two, payload not negative");
        }
        int longsPerRecord = RECORD_OVERHEAD + payloadLongs;
        long bytes = 8L * (HEADER_LONGS + (long) capacity * longsPerRecord);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shared record file is at most 2 GB");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            MappedByteBuffer memory;
            try (FileLock ignored = channel.lock()) {
                if (channel.size() < bytes) {
                    channel.write(java.nio.ByteBuffer.allocate(1), bytes - 1); // grows it, sparse, zeroed
                }
                memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
                initialise(memory, capacity, longsPerRecord, path);
            }
            return new SharedRecordFile(path, channel, memory, capacity, longsPerRecord);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Under the OS lock: a new (zeroed) file gets its header; one of an earlier boot is cleared. */
    private static void initialise(MappedByteBuffer memory, int capacity, int longsPerRecord, Path path)
            throws IOException {
        long layout = ((long) capacity << 32) | longsPerRecord;
        long boot = bootId();
        long magic = (long) LONGS.getVolatile(memory, 0);
        if (magic == MAGIC) {
            boolean thisBoot = (long) LONGS.getVolatile(memory, 16) == boot;
            if ((long) LONGS.getVolatile(memory, 8) != layout && thisBoot) {
                // Possibly mapped by a live process of that layout: never cleared under it.
                throw new IOException(path + " holds shared records of another layout: another zero429 version, or "
                        + "another kind of store; give each its own file");
            }
            if (thisBoot) {
                return;
            }
            // Of an earlier boot: nobody maps it, whatever its layout (one an upgrade left behind): laid out anew.
        }
        long bytes = 8L * (HEADER_LONGS + (long) capacity * longsPerRecord);
        for (long offset = 8; offset < bytes; offset += 8) {
            LONGS.set(memory, (int) offset, 0L);
        }
        LONGS.setVolatile(memory, 8, layout);
        LONGS.setVolatile(memory, 16, boot);
        LONGS.setVolatile(memory, 0, MAGIC); // last: the header is complete
        memory.force();
    }

    /**
     * This boot of the host, so that a file kept across a reboot (whose times are of another monotonic clock) is not
     * trusted: a hash of Linux's boot id. Where there is none, 1: such a file is trusted (a guess at the boot time
     * could differ between two live processes, and each would then clear the other's records).
     */
    static long bootId() {
        try {
            String id = Files.readString(Paths.get("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII);
            return id.trim().hashCode() * 0x9E3779B97F4A7C15L | 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * The record of {@code key} (not 0), claimed if no process has it yet; null when every record is taken by other
     * keys.
     */
    public Record record(long key) {
        if (key == FREE) {
            throw new IllegalArgumentException("key 0 marks a free record");
        }
        int start = (int) (mix(key) & (capacity - 1));
        for (int probe = 0; probe < capacity; probe++) {
            int index = (start + probe) & (capacity - 1);
            int base = offset(index, KEY);
            long found = (long) LONGS.getVolatile(memory, base);
            if (found == FREE && LONGS.compareAndSet(memory, base, FREE, key)) {
                return new Record(index);
            }
            if (found == key || (long) LONGS.getVolatile(memory, base) == key) {
                return new Record(index);
            }
        }
        return null;
    }

    private int offset(int record, int field) {
        return 8 * (HEADER_LONGS + record * longsPerRecord + field);
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    @Override
    public void close() throws IOException {
        channel.close(); // the mapping stays valid until collected
    }

    /** One record: lock it, read and write its payload, unlock it. */
    public final class Record {
        private final int index;

        private Record(int index) {
            this.index = index;
        }

        /**
         * Takes the record's lock for at most {@code leaseNanos}, waiting up to {@code timeoutNanos} for it (spinning
         * briefly, then parking): returns the token to unlock with, or 0 if the lock was not had in time. A lock
         * whose lease ran out (its holder died or stalled) is taken over.
         */
        public long lock(long leaseNanos, long timeoutNanos) {
            int word = offset(index, LOCK);
            long start = System.nanoTime();
            for (int attempt = 0; ; attempt++) {
                long now = System.nanoTime();
                long held = (long) LONGS.getVolatile(memory, word);
                long token = now + leaseNanos;
                if (token == FREE) {
                    token = 1;
                }
                if ((held == FREE || now - held > 0) && LONGS.compareAndSet(memory, word, held, token)) {
                    LONGS.setOpaque(memory, offset(index, USED), now);
                    return token;
                }
                if (now - start > timeoutNanos) {
                    return 0;
                }
                if (attempt < 100) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }

        /** Releases the lock taken with {@code token}; false if it had been taken over meanwhile (lease ran out). */
        public boolean unlock(long token) {
            return LONGS.compareAndSet(memory, offset(index, LOCK), token, FREE);
        }

        /**
         * Payload long {@code i}; call with the lock held. Plain access: the lock's compare-and-set orders it (a
         * shared window's ring is thousands of longs, each a fence if volatile).
         */
        public long get(int i) {
            return (long) LONGS.get(memory, payload(i));
        }

        /** Sets payload long {@code i}; call with the lock held (plain access, as {@link #get}). */
        public void set(int i, long value) {
            LONGS.set(memory, payload(i), value);
        }

        /** When the record was last locked, on {@link System#nanoTime()}. */
        public long lastUsed() {
            return (long) LONGS.getOpaque(memory, offset(index, USED));
        }

        private int payload(int i) {
            if (i < 0 || i >= longsPerRecord - RECORD_OVERHEAD) {
                throw new IndexOutOfBoundsException("payload long " + i);
            }
            return offset(index, RECORD_OVERHEAD + i);
        }
    }
}
