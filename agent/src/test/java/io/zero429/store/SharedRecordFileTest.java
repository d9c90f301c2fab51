package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedRecordFileTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void eightThreadsCountingUnderTheLockLoseNoIncrement() throws Exception {
        try (SharedRecordFile file = SharedRecordFile.open(dir.resolve("s"), 16, 1)) {
            SharedRecordFile.Record record = file.record(7);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        long token = record.lock(SECOND, 10 * SECOND);
                        record.set(0, record.get(0) + 1);
                        assertTrue(record.unlock(token));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(160_000, record.get(0));
        }
    }

    @Test
    void keysGetRecordsOfTheirOwnUntilTheFileIsFull() throws Exception {
        try (SharedRecordFile file = SharedRecordFile.open(dir.resolve("s"), 8, 1)) {
            for (long key = 1; key <= 8; key++) {
                SharedRecordFile.Record record = file.record(key * 1_000_003);
                long token = record.lock(SECOND, SECOND);
                assertEquals(0, record.get(0), "a record of its own, untouched by the keys before");
                record.set(0, key);
                record.unlock(token);
            }
            assertNull(file.record(99), "every record is taken");
            assertEquals(3, file.record(3 * 1_000_003).get(0), "a key finds its record again");
            assertThrows(IllegalArgumentException.class, () -> file.record(0));
        }
    }

    @Test
    void aLockHeldPastItsLeaseIsTakenOverAndItsHolderLearnsIt() throws Exception {
        try (SharedRecordFile file = SharedRecordFile.open(dir.resolve("s"), 8, 1)) {
            SharedRecordFile.Record record = file.record(5);
            long stalled = record.lock(TimeUnit.MILLISECONDS.toNanos(20), SECOND);
            assertEquals(0, record.lock(SECOND, TimeUnit.MILLISECONDS.toNanos(5)), "held: not had within 5 ms");
            long start = System.nanoTime();
            long taken = record.lock(SECOND, SECOND);
            assertNotEquals(0, taken);
            assertTrue(System.nanoTime() - start < SECOND / 2);
            assertFalse(record.unlock(stalled), "the stalled holder's unlock tells it the lock was taken over");
            assertTrue(record.unlock(taken));
        }
    }

    @Test
    void theRecordsOutliveTheMappingAndAnotherLayoutIsRefused() throws Exception {
        Path path = dir.resolve("s");
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 2)) {
            SharedRecordFile.Record record = file.record(11);
            long token = record.lock(SECOND, SECOND);
            record.set(1, 42);
            record.unlock(token);
        }
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 2)) {
            assertEquals(42, file.record(11).get(1));
        }
        IOException e = assertThrows(IOException.class, () -> SharedRecordFile.open(path, 16, 2));
        assertTrue(e.getMessage().contains("another layout"), e.getMessage());
    }

    @Test
    void aFileOfAnEarlierBootIsCleared() throws Exception {
        Path path = dir.resolve("s");
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 1)) {
            SharedRecordFile.Record record = file.record(11);
            long token = record.lock(SECOND, SECOND);
            record.set(0, 42);
            record.unlock(token);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                    .putLong(0, SharedRecordFile.bootId() + 2), 16);
        }
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 1)) {
            assertEquals(0, file.record(11).get(0), "times of another boot mean nothing: cleared");
        }
    }

    @Test
    void aFileOfAnotherLayoutLeftByAnEarlierBootIsLaidOutAnew() throws Exception {
        Path path = dir.resolve("s");
        SharedRecordFile.open(path, 8, 1).close(); // an earlier agent version's layout
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                    .putLong(0, SharedRecordFile.bootId() + 2), 16);
        }
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 2)) {
            SharedRecordFile.Record record = file.record(11);
            long token = record.lock(SECOND, SECOND);
            record.set(1, 42);
            record.unlock(token);
            assertEquals(42, file.record(11).get(1), "the new layout's payload");
        }
        try (SharedRecordFile file = SharedRecordFile.open(path, 8, 2)) {
            assertEquals(42, file.record(11).get(1), "and it is this boot's now");
        }
    }

    @Test
    void fourProcessesStartedAtOnceCountExactlyOnOneFile() throws Exception {
        Path path = dir.resolve("shared");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            processes.add(worker("count", path, 42, "5000").start());
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
        }
        try (SharedRecordFile file = SharedRecordFile.open(path, SharedRecordWorker.CAPACITY,
                SharedRecordWorker.PAYLOAD)) {
            assertEquals(20_000, file.record(42).get(0));
        }
    }

    @Test
    void aProcessThatDiedHoldingTheLockLeavesNoLockBehind() throws Exception {
        Path path = dir.resolve("shared");
        Process dying = worker("die", path, 9, "0").start();
        assertTrue(dying.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, dying.exitValue(), "it halted holding the lock");
        long start = System.nanoTime();
        Process next = worker("count", path, 9, "10").start();
        assertTrue(next.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, next.exitValue(), new String(next.getInputStream().readAllBytes()));
        assertTrue(Files.size(path) > 0);
        assertTrue(System.nanoTime() - start < 30 * SECOND);
        try (SharedRecordFile file = SharedRecordFile.open(path, SharedRecordWorker.CAPACITY,
                SharedRecordWorker.PAYLOAD)) {
            assertEquals(10, file.record(9).get(0));
        }
    }

    private static ProcessBuilder worker(String mode, Path path, long key, String n) {
        return new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SharedRecordWorker.class.getName(), mode, path.toString(),
                String.valueOf(key), n).redirectErrorStream(true);
    }
}
