package io.zero429.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Redis store's address as a rules file gives it: {@code redis://[USER@]HOST[:PORT][/DB]}, or {@code rediss://} for
 * TLS. Never a password: that comes from {@code -Dzero429.redis.password} or {@code ZERO429_REDIS_PASSWORD}, so that a
 * rules file can be read, logged and committed. Messages never repeat the address given.
 */
public final class RedisAddress {
    public static final String PASSWORD_PROPERTY = "zero429.redis.password";
    public static final String PASSWORD_ENV = "ZERO429_REDIS_PASSWORD";

    final String host;
    final int port;
    final int database;
    final String user;
    final boolean tls;

    private RedisAddress(String host, int port, int database, String user, boolean tls) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.tls = tls;
    }

    /** Whether {@code text} names a Redis store (it may still be malformed: {@link #parse} says). */
    public static boolean isRedis(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("redis://") || lower.startsWith("rediss://");
    }

    /**
     * @throws IllegalArgumentException with a message that does not repeat {@code text}
     */
    public static RedisAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store: not a Redis address: expected redis://HOST:PORT[/DB]");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String info = uri.getRawUserInfo();
        if (info != null && info.contains(":")) {
            throw new IllegalArgumentException("store: a password in the rules file is refused: give it in "
                    + PASSWORD_ENV + " or -D" + PASSWORD_PROPERTY);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("store: the Redis address names no host: expected redis://HOST:PORT[/DB]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("store: a Redis address takes no query or fragment: "
                    + "store.timeout and store.fallback-share are keys of their own");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("store: the Redis port must be 1..65535");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0 || database > 1_000_000) {
                throw new IllegalArgumentException("store: the Redis database must be a number, as in redis://HOST:PORT/0");
            }
        }
        return new RedisAddress(host, port, database, info, scheme.equals("rediss"));
    }

    /** The address as written back for the limiter's definition: normalised, with no password (it never has one). */
    public String canonical() {
        return (tls ? "rediss://" : "redis://") + (user != null ? user + "@" : "") + host + ":" + port + "/" + database;
    }

    /** For logs: host and port (never a user or password). */
    String label() {
        return host + ":" + port;
    }

    static String password() {
        String password = System.getProperty(PASSWORD_PROPERTY);
        return password != null ? password : System.getenv(PASSWORD_ENV);
    }
}
