package io.zero429.instrument;

/**
 * The client each hook names with its requests ({@link Hooks#admit}, {@link Hooks#schedule}): a client library's
 * first requests go by its cold path (its class loading, its first connections), which says nothing about another
 * client's, so each has a cold start of its own in every limiter (see {@code io.zero429.limit.ArrivalModel}).
 * Constants: advice inlines them.
 */
public final class Clients {
    public static final int JDK_HTTP = 1;
    public static final int URL_CONNECTION = 2;
    public static final int OKHTTP = 3;
    public static final int APACHE_4 = 4;
    public static final int APACHE_5_CLASSIC = 5;
    public static final int APACHE_5_ASYNC = 6;
    public static final int REACTOR_NETTY = 7;
    public static final int JETTY = 8;
    public static final int JETTY_9 = 9;
    public static final int VERTX = 10;

    private Clients() {
    }
}
