package io.zero429.store;

import io.zero429.instrument.testing.LimitedServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store = redis://}: the four JVMs of {@link SharedFileStoreIT} (started at the same instant, each demanding
 * the whole of Upbit's bucket and of Korea Investment's window, against a server that enforces both exactly), sharing
 * the schedules through a real {@code redis-server}: no rejection, the window at 95% or more over whole windows, the
 * bucket at 9.5/s or more.
 */
class SharedRedisStoreIT {
    @TempDir
    Path dir;

    @Test
    void fourJvmsOnOneRedisStoreKeepToOneBudget() throws Exception {
        try (RedisServer redis = new RedisServer(); LimitedServer server = new LimitedServer(10, 10)) {
            List<String> outputs = SharedFileStoreIT.run(dir, server, "defaults.store = " + redis.url() + "\n");
            SharedFileStoreIT.assertSharedBudgets(server, outputs, "redis store", 9.5, 0.95);
        }
    }
}
