package io.zero429.instrument.okhttp;

import io.zero429.Engine;
import io.zero429.instrument.BodyPrefix;
import io.zero429.instrument.ForwardingHandler;
import io.zero429.instrument.Hooks;
import io.zero429.instrument.WatchedBody;
import io.zero429.instrument.WatchedOutputStream;
import io.zero429.signal.BodyCodes;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The bodies of OkHttp responses whose limiters listen to body codes, watched as the application reads them.
 * {@link ConnectAdvice} sees an attempt's response come back below the cache and below {@code BridgeInterceptor},
 * which decompresses a gzipped body for the application; it says the body is expected ({@link #expect}).
 * {@code BridgeInterceptor} returns that response a few frames up on the same thread, with nothing but the cache in
 * between (which makes no call of its own), and {@link BodyAdvice} hands it on with its body watched: the body's
 * source behind an okio {@code Source} proxy (this class is on the bootstrap class path and cannot link okio) that
 * copies the first bytes okio pulls for the application, decompressed, into a {@link BodyPrefix}. Nothing is read
 * that the application did not ask for, but the start of an error body it closes unread ({@link #watched}).
 */
public final class OkHttpBodies {
    private static final ThreadLocal<Expected> EXPECTED = new ThreadLocal<>();
    /**
     * How long closing an error body the application did not read may take to read its start: what OkHttp gives
     * itself to discard a body's rest on close, so that its connection can be reused.
     */
    static final long CLOSE_READ_NANOS = 100_000_000L;
    /** okio {@code Buffer.size()} and {@code Buffer.copyTo(OutputStream, long, long)}, in okio 1.x to 3.x. */
    private static final ClassValue<Method[]> BUFFER = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            try {
                return new Method[] {type.getMethod("size"),
                        type.getMethod("copyTo", OutputStream.class, long.class, long.class)};
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };
    /** Set by the first watched body: until then {@link #take} looks nothing up (the default reads no body). */
    private static volatile boolean any;

    private OkHttpBodies() {
    }

    /** The attempt of {@code ticket} got a response of {@code status}: its body is watched if a limiter listens. */
    public static void expect(Engine.Ticket ticket, int status) {
        WatchedBody body = WatchedBody.of(ticket);
        if (body != null) {
            any = true;
            EXPECTED.set(new Expected(body, status >= 400));
        } else if (any) {
            EXPECTED.remove();
        }
    }

    /** The body expected by the attempt now returning through {@code BridgeInterceptor}, or null; forgets it. */
    public static Expected take() {
        if (!any) {
            return null;
        }
        Expected expected = EXPECTED.get();
        if (expected != null) {
            EXPECTED.remove();
        }
        return expected;
    }

    /** A body to watch, and whether it answers with an error status. */
    public static final class Expected {
        private final WatchedBody body;
        private final boolean error;

        Expected(WatchedBody body, boolean error) {
            this.body = body;
            this.error = error;
        }
    }

    /**
     * An okio {@code Source} reading {@code source} (the response body's {@code BufferedSource}) and watching what it
     * reads, or null if it cannot be made (logged once; the body is handed out unwatched). The start of an error
     * body the application closes unread is read on close: a client that retries on its own (the AI SDKs, on a 429)
     * closes it unread, and its code (Gemini's {@code retryDelay}, a spent per-day quota) is the only word of why.
     * OkHttp reads what is left of a body on close anyway, to reuse its connection; the agent reads the first
     * {@value BodyCodes#MAX_SCANNED} bytes of it, for at most as long as OkHttp gives itself.
     */
    public static Object watched(Object source, Expected expected) {
        try {
            Class<?> type = Class.forName("okio.Source", false, source.getClass().getClassLoader());
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    new WatchedSource(source, expected.body.prefix(), expected.error));
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            Hooks.faults().fault("watching an OkHttp response body", e);
            return null;
        }
    }

    /** Stands in for one okio {@code Source}: what {@code read(sink, byteCount)} appends to the sink is copied. */
    private static final class WatchedSource extends ForwardingHandler {
        private final Object source;
        private final BodyPrefix prefix;
        private final boolean readOnClose;
        private volatile boolean read;

        WatchedSource(Object source, BodyPrefix prefix, boolean error) {
            super(source);
            this.source = source;
            this.prefix = prefix;
            this.readOnClose = error;
        }

        @Override
        protected Object call(Method method, Object[] args) throws Throwable {
            if (args != null && args.length == 2 && method.getName().equals("read")) {
                read = true;
                Object result = super.call(method, args);
                long count = result instanceof Long ? (Long) result : 0;
                if (count < 0) {
                    prefix.end();
                } else if (count > 0 && prefix.watching()) {
                    copy(args[0], count);
                }
                return result;
            }
            if (args == null && method.getName().equals("close")) {
                try {
                    if (readOnClose && !read && prefix.watching()) {
                        readStart();
                    }
                    return super.call(method, args);
                } finally {
                    prefix.end();
                }
            }
            return super.call(method, args);
        }

        /**
         * Reads the first bytes of the body into the prefix, under a deadline of {@link #CLOSE_READ_NANOS} on the
         * source's own timeout (restored after), as OkHttp does when it discards a body. Whatever goes wrong only
         * ends the reading: the close goes on.
         */
        private void readStart() {
            Object timeout = null;
            Timeouts timeouts = null;
            boolean hadDeadline = false;
            long deadline = 0;
            try {
                timeouts = Timeouts.of(source);
                timeout = timeouts.timeout.invoke(source);
                hadDeadline = (Boolean) timeouts.hasDeadline.invoke(timeout);
                deadline = hadDeadline ? (Long) timeouts.deadlineNanoTime.invoke(timeout) : 0;
                long until = System.nanoTime() + CLOSE_READ_NANOS;
                timeouts.setDeadlineNanoTime.invoke(timeout, hadDeadline && deadline - until < 0 ? deadline : until);
                Object sink = timeouts.newBuffer.newInstance();
                long total = 0;
                while (total < BodyCodes.MAX_SCANNED && prefix.watching()) {
                    long count = (Long) timeouts.read.invoke(source, sink, BodyCodes.MAX_SCANNED - total);
                    if (count < 0) {
                        break;
                    }
                    copy(sink, count);
                    total += count;
                }
            } catch (InvocationTargetException e) {
                // The read failed (the deadline, a reset): what was seen is all there is.
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("reading an unread OkHttp error body", e);
            } finally {
                restore(timeouts, timeout, hadDeadline, deadline);
            }
        }

        private static void restore(Timeouts timeouts, Object timeout, boolean hadDeadline, long deadline) {
            if (timeout == null) {
                return;
            }
            try {
                if (hadDeadline) {
                    timeouts.setDeadlineNanoTime.invoke(timeout, deadline);
                } else {
                    timeouts.clearDeadline.invoke(timeout);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("reading an unread OkHttp error body", e);
            }
        }

        /** The last {@code count} bytes of okio's {@code sink}, left where they are. */
        private void copy(Object sink, long count) {
            try {
                Method[] buffer = BUFFER.get(sink.getClass());
                if (buffer == null) {
                    throw new NoSuchMethodException(sink.getClass().getName() + ".size/copyTo");
                }
                long size = (Long) buffer[0].invoke(sink);
                buffer[1].invoke(sink, new WatchedOutputStream(OutputStream.nullOutputStream(), prefix), size - count,
                        count);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("watching an OkHttp response body", e);
                prefix.end(); // what was seen so far; nothing more is copied
            }
        }
    }

    /**
     * The okio methods a close-time read needs ({@code Source.read}, {@code Source.timeout()}, the deadline of a
     * {@code Timeout}, a new {@code Buffer}), the same in okio 1.x to 3.x; looked up per okio class loader.
     */
    private static final class Timeouts {
        private static final ClassValue<Timeouts> BY_SOURCE_CLASS = new ClassValue<>() {
            @Override
            protected Timeouts computeValue(Class<?> type) {
                try {
                    return new Timeouts(type.getClassLoader());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("okio as the agent knows it is not there: " + e, e);
                }
            }
        };
        final Method read;
        final Method timeout;
        final Method hasDeadline;
        final Method deadlineNanoTime;
        final Method setDeadlineNanoTime;
        final Method clearDeadline;
        final Constructor<?> newBuffer;

        private Timeouts(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> source = Class.forName("okio.Source", false, loader);
            Class<?> timeoutType = Class.forName("okio.Timeout", false, loader);
            Class<?> buffer = Class.forName("okio.Buffer", false, loader);
            read = source.getMethod("read", buffer, long.class);
            timeout = source.getMethod("timeout");
            hasDeadline = timeoutType.getMethod("hasDeadline");
            deadlineNanoTime = timeoutType.getMethod("deadlineNanoTime");
            setDeadlineNanoTime = timeoutType.getMethod("deadlineNanoTime", long.class);
            clearDeadline = timeoutType.getMethod("clearDeadline");
            newBuffer = buffer.getConstructor();
        }

        /** The methods for the okio of {@code source}'s class loader. */
        static Timeouts of(Object source) {
            return BY_SOURCE_CLASS.get(source.getClass());
        }
    }
}
