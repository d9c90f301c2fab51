package io.zero429.store;

import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A process of {@link SharedRecordFileTest}: {@code count PATH KEY N} adds 1 to payload long 0 of record KEY, N times,
 * each under the record's lock; {@code die PATH KEY} takes the lock and halts the JVM holding it.
 */
public final class SharedRecordWorker {
    static final int CAPACITY = 64;
    static final int PAYLOAD = 2;
    static final long LEASE = TimeUnit.MILLISECONDS.toNanos(200);

    private SharedRecordWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (SharedRecordFile file = SharedRecordFile.open(Paths.get(args[1]), CAPACITY, PAYLOAD)) {
            SharedRecordFile.Record record = file.record(Long.parseLong(args[2]));
            if (args[0].equals("die")) {
                record.lock(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(5));
                System.out.println("locked");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
            int n = Integer.parseInt(args[3]);
            for (int i = 0; i < n; i++) {
                long token = record.lock(LEASE, TimeUnit.SECONDS.toNanos(10));
                if (token == 0) {
                    throw new IllegalStateException("no lock in 10 s");
                }
                record.set(0, record.get(0) + 1);
                if (!record.unlock(token)) {
                    throw new IllegalStateException("the lock was taken over while held");
                }
            }
        }
        System.out.println("done");
    }
}
