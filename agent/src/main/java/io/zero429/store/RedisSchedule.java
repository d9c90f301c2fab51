package io.zero429.store;

import io.zero429.limit.LimiterSpec;
import io.zero429.limit.RemoteRequest;
import io.zero429.limit.RemoteSchedule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One limiter's schedule in a Redis store: the keys of its name and definition (a changed definition gets new keys,
 * never an old schedule of other limits; they expire once the limits are idle), reserved through
 * {@link RedisScripts#RESERVE}. Nanoseconds become the server's microseconds rounded the safe way: intervals, windows,
 * waits before leaving and lateness up; max-waits and answers' ages down.
 */
final class RedisSchedule implements RemoteSchedule {
    private final RedisStore store;
    private final List<String> keys = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    RedisSchedule(RedisStore store, LimiterSpec spec) {
        this(store, spec, null);
    }

    /** {@code partition}: one partition's schedule (its hash, keyed alike in every process), or null. */
    RedisSchedule(RedisStore store, LimiterSpec spec, String partition) {
        this.store = store;
        // One hash slot (the braces) for all of a limiter's keys, so a script may touch them all on a cluster too.
        String base = "zero429:{" + spec.name() + ":" + String.format("%016x", FileStores.key(spec))
                + (partition == null ? "" : ":" + partition) + "}";
        keys.add(base);
        for (int i = 1; i <= spec.limits().size(); i++) {
            keys.add(base + ":w" + i);
        }
    }

    @Override
    public boolean available() {
        return store.available();
    }

    @Override
    public boolean down() {
        return store.down();
    }

    @Override
    public int processes() {
        return store.processes();
    }

    @Override
    public void pause(long nanos) {
        store.pause(keys.get(0), nanos);
    }

    @Override
    public void cut(long ratioPpm, long mattersNanos) {
        store.cut(keys.get(0), ratioPpm, mattersNanos);
    }

    /** Inside the limiter's monitor: its arguments list is reused. */
    @Override
    public void reserve(RemoteRequest request) throws IOException {
        args.clear();
        args.add(Long.toString(microsUp(request.notBefore)));
        args.add(Long.toString(request.cost));
        args.add(Long.toString(microsUp(request.lateness)));
        args.add(Long.toString(request.maxWait == RemoteRequest.ONLY_NOW ? -1 : request.maxWait / 1000));
        args.add(request.rejoin ? "1" : "0");
        args.add(request.unit);
        args.add(Integer.toString(request.kinds.length));
        for (int i = 0; i < request.kinds.length; i++) {
            boolean window = request.kinds[i] == RemoteRequest.WINDOW;
            args.add(window ? "w" : "g");
            args.add(Long.toString(microsUp(request.first[i])));
            args.add(Long.toString(request.second[i]));
        }
        args.add(Integer.toString(request.answeredCount));
        for (int i = 0; i < request.answeredCount; i++) {
            args.add(request.answeredUnits[i]);
            args.add(Long.toString(request.answeredCosts[i]));
            args.add(Long.toString(request.answeredAges[i] / 1000));
        }
        args.add(request.opening ? "1" : "0");
        args.add(request.mayHold ? "1" : "0");
        args.add(request.process);
        args.add(Long.toString(request.answeredOpeningEpoch));
        args.add(Long.toString(request.answeredOpeningUnits));
        int shared = request.rejoin ? request.shareCount : 0;
        args.add(Integer.toString(shared));
        for (int i = 0; i < shared; i++) {
            // Rounded down: the unit counts as having left (and so arriving) a little later, the safe side.
            args.add(Long.toString(Math.floorDiv(request.shareAges[i], 1000)));
        }
        store.reserve(keys.subList(0, 1 + request.kinds.length), args, answer -> {
            List<?> reply = (List<?>) answer;
            long outcome = ((Number) reply.get(0)).longValue();
            request.refused = outcome == 0;
            request.held = outcome == 2 || outcome == 3;
            request.wait = Math.max(0, ((Number) reply.get(1)).longValue()) * 1000;
            request.epoch = ((Number) reply.get(3)).longValue();
            request.horizon = Math.max(0, ((Number) reply.get(4)).longValue()) * 1000;
            request.pauseLeft = Math.max(0, ((Number) reply.get(5)).longValue()) * 1000;
            request.cutRatioPpm = Math.max(0, ((Number) reply.get(6)).longValue());
            request.cutAge = Math.max(0, ((Number) reply.get(7)).longValue()) * 1000;
            return null;
        });
    }

    private static long microsUp(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999) / 1000;
    }
}
