package io.zero429.instrument.urlconnection;

import io.zero429.Engine;
import io.zero429.instrument.Hooks;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-connection state for {@code HttpURLConnection}: the ticket of the request a connection sent, kept from
 * {@code writeRequests} to the response. The JDK class cannot get a field (classes are retransformed, not reshaped),
 * so tickets live in a map with weak keys: a connection the application drops without reading a response leaves
 * nothing behind once collected, and the ticket never refers back to its connection. A ticket is removed as soon as
 * the response is read.
 */
public final class ConnectionTickets {
    static final String HEADERS_PACKAGE = "sun.net.www";

    private static final Map<Object, Engine.Ticket> TICKETS = Collections.synchronizedMap(new WeakHashMap<>());
    /** Nesting of {@code getInputStream} (getResponseCode and getHeaderField call it again from inside). */
    private static final ThreadLocal<int[]> READ_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Set while {@code writeRequests} runs: its retry on a stale kept-alive connection calls it again. */
    private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();
    private static volatile Method findValue;

    private ConnectionTickets() {
    }

    /** Marks the start of a write; false if one is already running on this thread (a transparent re-send). */
    public static boolean startWrite() {
        if (WRITING.get() != null) {
            return false;
        }
        WRITING.set(Boolean.TRUE);
        return true;
    }

    public static void endWrite() {
        WRITING.remove();
    }

    public static void put(Object connection, Engine.Ticket ticket) {
        if (ticket != null) {
            TICKETS.put(connection, ticket);
        }
    }

    /** The ticket of the request this connection sent, once: later calls return null. */
    public static Engine.Ticket take(Object connection) {
        return TICKETS.remove(connection);
    }

    /** Tickets waiting for a response (the tests check that nothing stays behind). */
    public static int pending() {
        return TICKETS.size();
    }

    /** True for the outermost {@code getInputStream} on this thread; always pair with {@link #endRead()}. */
    public static boolean startRead() {
        return READ_DEPTH.get()[0]++ == 0;
    }

    public static void endRead() {
        READ_DEPTH.get()[0]--;
    }

    /** A header's value from a {@code sun.net.www.MessageHeader}, or null. */
    public static String header(Object messageHeader, String name) {
        if (messageHeader == null) {
            return null;
        }
        try {
            Method method = findValue;
            if (method == null) {
                method = messageHeader.getClass().getMethod("findValue", String.class);
                findValue = method;
            }
            return (String) method.invoke(messageHeader, name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Hooks.faults().fault("reading HttpURLConnection headers", e);
            return null;
        }
    }
}
