package io.zero429.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.limit.LimitMode;
import io.zero429.limit.LimitSpec;
import io.zero429.limit.LimiterSpec;
import io.zero429.limit.SharedState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link FileStores} keeps each limiter's shared schedule. */
class FileStoresTest {
    @TempDir
    Path dir;

    private LimiterSpec spec(String name, long count, LimitMode mode, Path store) {
        return LimiterSpec.builder(name).limit(new LimitSpec(count, TimeUnit.SECONDS.toNanos(1), (int) count))
                .mode(mode).storeFile(store.toString()).build();
    }

    @Test
    void aBucketLivesInARecordOfTheStoreFileAndAWindowInAFileOfItsOwnBesideIt() {
        Path store = dir.resolve("schedules.zero429");
        LimiterSpec kis = spec("kis", 20, LimitMode.WINDOW, store);
        SharedState bucket = new FileStores().open(spec("upbit", 10, LimitMode.GCRA, store), 6);
        SharedState window = new FileStores().open(kis, 85);
        assertEquals(FileStores.PAYLOAD - 1, bucket.longs());
        assertEquals(85, window.longs());
        assertTrue(Files.exists(store));
        assertTrue(Files.exists(Path.of(FileStores.ownFile(store.toString(), FileStores.key(kis)))));

        // Another opening of the same definition (another JVM's, here through this JVM's mapping) sees the same copy.
        SharedState again = new FileStores().open(kis, 85);
        assertTrue(window.lock());
        window.set(84, 42);
        window.unlock();
        assertTrue(again.lock());
        assertTrue(again.written());
        assertEquals(42, again.get(84));
        again.unlock();
    }

    @Test
    void aChangedDefinitionGetsAScheduleOfItsOwn() {
        Path store = dir.resolve("schedules.zero429");
        assertNotEquals(FileStores.key(spec("kis", 20, LimitMode.WINDOW, store)),
                FileStores.key(spec("kis", 18, LimitMode.WINDOW, store)));
        assertNotEquals(FileStores.key(spec("kis", 20, LimitMode.WINDOW, store)),
                FileStores.key(spec("kis", 20, LimitMode.GCRA, store)));
    }

    @Test
    void aStoreThatCannotBeUsedLeavesTheLimiterPlanningAlone() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("a-directory"));
        assertNull(new FileStores().open(spec("upbit", 10, LimitMode.GCRA, notAFile), 6));
        Path underAFile = Files.createFile(dir.resolve("a-file")).resolve("schedules.zero429");
        assertNull(new FileStores().open(spec("kis", 20, LimitMode.WINDOW, underAFile), 85));
    }
}
