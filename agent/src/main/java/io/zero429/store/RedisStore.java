package io.zero429.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis server that limiters share schedules through: its connections, its scripts, and whether it answers. A
 * background thread (one per store, not per request) says every second that this process is live (so every process
 * knows how many share the store, for the local share) and, while the store does not answer, is what looks for it
 * again: requests never wait for a store known to be down. A failure is logged once per outage, the return once.
 */
final class RedisStore {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429");
    static final String PROCESSES_KEY = "zero429:processes";
    /** How often a live process says so, and how long it counts after its last word. */
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long LIVE_NANOS = 3 * HEARTBEAT_NANOS;
    /** How often an unanswering store is looked for again. */
    static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final RedisAddress address;
    private final int timeoutMillis;
    private final String process;
    private final ConcurrentLinkedDeque<Jedis> idle = new ConcurrentLinkedDeque<>();
    private volatile String reserveSha;
    private volatile String heartbeatSha;
    private volatile boolean available;
    private volatile long returns;
    private volatile int processes;
    private volatile long errors;
    /** The last heartbeat's round trip on an open connection (nanoseconds), 0 before one. */
    private volatile long roundTrip;
    /** The store was said not to answer and has not answered since (only the heartbeat thread reads and writes it). */
    private volatile boolean warnedUnreachable;
    private final Thread heartbeat;
    private volatile boolean closed;

    RedisStore(RedisAddress address, long timeoutNanos, String process) {
        this.address = address;
        this.timeoutMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        this.process = process;
        // Connected, scripts loaded and code paths warm before the first request asks (or found down, and said so).
        beat();
        if (available) {
            beat(); // the first loaded the scripts: this one times a round trip
        }
        this.heartbeat = new Thread(this::beatForever, "zero429-redis-" + address.label());
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    boolean available() {
        return available;
    }

    long returns() {
        return returns;
    }

    int processes() {
        return processes;
    }

    long roundTrip() {
        return roundTrip;
    }

    long errors() {
        return errors;
    }

    /** Runs the reservation script; marks the store unavailable (logged once) and throws if it does not answer. */
    Object reserve(List<String> keys, List<String> args) throws IOException {
        return run(RedisScripts.RESERVE, keys, args, false);
    }

    private Object run(String script, List<String> keys, List<String> args, boolean heartbeat) throws IOException {
        return call(jedis -> {
            String sha = heartbeat ? heartbeatSha : reserveSha;
            if (sha != null) {
                try {
                    return jedis.evalsha(sha, keys, args);
                } catch (JedisException e) {
                    if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                        throw e;
                    }
                    // the server restarted: its scripts are gone
                }
            }
            sha = load(jedis, script, heartbeat);
            return jedis.evalsha(sha, keys, args);
        });
    }

    private String load(Jedis jedis, String script, boolean heartbeat) {
        String sha = jedis.scriptLoad(script);
        if (heartbeat) {
            heartbeatSha = sha;
        } else {
            reserveSha = sha;
        }
        return sha;
    }

    /** One command on a pooled connection; a failure closes it, marks the store unavailable and becomes an IOException. */
    private <T> T call(Function<Jedis, T> command) throws IOException {
        Jedis jedis = null;
        try {
            jedis = borrow();
            T result = command.apply(jedis);
            idle.push(jedis);
            return result;
        } catch (RuntimeException e) { // the client's failures, and anything unexpected: never the application's
            if (jedis != null) {
                closeQuietly(jedis);
            }
            failed(e);
            throw new IOException("redis store " + address.label() + ": " + reason(e), e);
        }
    }

    private Jedis borrow() {
        Jedis jedis = idle.poll();
        if (jedis != null) {
            return jedis;
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .database(address.database).clientName("zero429").ssl(address.tls)
                .protocol(RedisProtocol.RESP2) // the scripts' replies are plain arrays of integers
                // No CLIENT SETINFO: one round trip less per connection, and the shaded client cannot read its version.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (address.user != null) {
            config.user(address.user);
        }
        String password = RedisAddress.password();
        if (password != null) {
            config.password(password);
        }
        Jedis created = new Jedis(new HostAndPort(address.host, address.port), config.build());
        created.getConnection(); // connects now, within the timeout, not at the first command
        return created;
    }

    private void failed(RuntimeException e) {
        errors++;
        if (available) {
            available = false;
            warnedUnreachable = true;
            LOG.warn("redis store {} does not answer ({}): limiters on it plan on a local share of their budget (1/{} "
                    + "unless store.fallback-share says otherwise) until it does", address.label(), reason(e),
                    Math.max(1, processes));
        }
        Jedis stale;
        while ((stale = idle.poll()) != null) {
            closeQuietly(stale);
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    /** Says this process is live and learns how many are; brings the store back if it was down. */
    private void beat() {
        List<String> keys = new ArrayList<>(1);
        keys.add(PROCESSES_KEY);
        List<String> args = new ArrayList<>(2);
        args.add(process);
        args.add(Long.toString(TimeUnit.NANOSECONDS.toMicros(LIVE_NANOS)));
        boolean wasAvailable = available;
        try {
            if (heartbeatSha != null) {
                call(Jedis::ping); // connected before the trip is timed
            }
            long asked = System.nanoTime();
            Object live = run(RedisScripts.HEARTBEAT, keys, args, true);
            if (heartbeatSha != null) {
                roundTrip = System.nanoTime() - asked;
            }
            processes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ((Number) live).longValue()));
            if (reserveSha == null) {
                // Loaded before any reservation asks: a cold first request pays no extra round trip.
                call(jedis -> load(jedis, RedisScripts.RESERVE, false));
            }
        } catch (IOException | RuntimeException e) {
            if (!wasAvailable && !warnedUnreachable) {
                warnedUnreachable = true;
                LOG.warn("redis store {} does not answer ({}): limiters on it plan on a local share of their budget "
                        + "until it does", address.label(), reason(e));
            }
            return;
        }
        if (!wasAvailable) {
            returns++;
            available = true;
            warnedUnreachable = false;
            if (errors > 0) {
                LOG.warn("redis store {} answers again: limiters on it share its schedule again ({} processes live)",
                        address.label(), processes);
            }
        }
    }

    /** Stops the heartbeat and closes the connections (tests; a process's store lives as long as the process). */
    void close() {
        closed = true;
        heartbeat.interrupt();
        Jedis jedis;
        while ((jedis = idle.poll()) != null) {
            closeQuietly(jedis);
        }
    }

    private void beatForever() {
        while (!closed) {
            LockSupport.parkNanos(available ? HEARTBEAT_NANOS : RETRY_NANOS);
            try {
                beat();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("redis store {}: the heartbeat failed unexpectedly", address.label(), e);
            }
        }
    }

    private static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // a broken connection: nothing more to do with it
        }
    }
}
