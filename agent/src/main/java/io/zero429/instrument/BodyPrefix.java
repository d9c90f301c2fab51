package io.zero429.instrument;

import io.zero429.Engine;
import io.zero429.signal.BodyCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A copy of the first bytes of one response body, taken as the application (or its client) reads them, and handed
 * on once: when {@value BodyCodes#MAX_SCANNED} bytes were seen, at the end of the body, or when it is closed. The
 * bytes the application reads are never touched: only copied, at most {@value BodyCodes#MAX_SCANNED} of them.
 *
 * <p>It follows the application's position in the body, so a {@code mark}/{@code reset} does not copy the same
 * bytes twice; a {@code skip} past what was seen ends the copy early (the skipped bytes were never read).
 * Fail-open: a fault here is logged once and only stops the watching.
 */
public final class BodyPrefix {
    private static final int MAX_BYTES = BodyCodes.MAX_SCANNED;

    private final Consumer<String> onPrefix;
    private byte[] seen;
    private int size;
    /** Bytes of the body the application consumed so far (reads and skips; a reset moves it back). */
    private long position;
    private long markPosition;
    private volatile boolean done;

    /** @param onPrefix takes the bytes seen, decoded as ISO-8859-1 (one char per byte: a cut character never throws) */
    public BodyPrefix(Consumer<String> onPrefix) {
        this.onPrefix = onPrefix;
    }

    /**
     * The watcher of the body of the response to {@code ticket}, or null when no limiter of its rule listens to a
     * body code (then the hook leaves the body alone and the application pays nothing).
     */
    public static BodyPrefix of(Engine.Ticket ticket) {
        return Hooks.readsBody(ticket) ? new BodyPrefix(text -> Hooks.body(ticket, text)) : null;
    }

    /** False once the prefix was handed on: the caller may skip every other call. */
    public boolean watching() {
        return !done;
    }

    /** {@code count} bytes were read into {@code bytes} from {@code offset}, at the current position. */
    public void read(byte[] bytes, int offset, int count) {
        String text;
        synchronized (this) {
            try {
                if (done || count <= 0) {
                    return;
                }
                long end = position + count;
                if (position <= size && end > size) {
                    int take = (int) (Math.min(end, MAX_BYTES) - size);
                    System.arraycopy(bytes, offset + (int) (size - position), buffer(), size, take);
                    size += take;
                }
                position = end;
                text = size == MAX_BYTES ? takeText() : null;
            } catch (RuntimeException e) {
                text = stop(e);
            }
        }
        handOn(text);
    }

    /** One byte ({@code 0..255}) was read. */
    public void read(int oneByte) {
        String text;
        synchronized (this) {
            if (done) {
                return;
            }
            if (position == size) {
                buffer()[size++] = (byte) oneByte;
            }
            position++;
            text = size == MAX_BYTES ? takeText() : null;
        }
        handOn(text);
    }

    /** The client received {@code buffer}'s remaining bytes; copied from a duplicate, its position is not moved. */
    public void received(ByteBuffer buffer) {
        String text;
        synchronized (this) {
            try {
                if (done) {
                    return;
                }
                ByteBuffer copy = buffer.duplicate();
                int count = copy.remaining();
                int take = Math.min(count, MAX_BYTES - size);
                copy.get(buffer(), size, take);
                size += take;
                position += count;
                text = size == MAX_BYTES ? takeText() : null;
            } catch (RuntimeException e) {
                text = stop(e);
            }
        }
        handOn(text);
    }

    /** The application skipped {@code count} bytes: bytes beyond what was seen are never seen, so the copy ends. */
    public void skipped(long count) {
        String text = null;
        synchronized (this) {
            if (done || count <= 0) {
                return;
            }
            position += count;
            if (position > size) {
                text = takeText();
            }
        }
        handOn(text);
    }

    public synchronized void marked() {
        markPosition = position;
    }

    /** The stream went back to its mark (for streams without a mark, to its start, as ByteArrayInputStream does). */
    public synchronized void reset() {
        position = markPosition;
    }

    /** The body ended or was closed: hands on what was seen, if not done yet. */
    public void end() {
        String text;
        synchronized (this) {
            if (done) {
                return;
            }
            text = takeText();
        }
        handOn(text);
    }

    private byte[] buffer() {
        if (seen == null) {
            seen = new byte[MAX_BYTES];
        }
        return seen;
    }

    private String takeText() {
        done = true;
        String text = size == 0 ? "" : new String(seen, 0, size, StandardCharsets.ISO_8859_1);
        seen = null;
        return text;
    }

    private String stop(RuntimeException e) {
        done = true;
        seen = null;
        Hooks.faults().fault("copying a response body prefix", e);
        return null;
    }

    /** Outside the lock: the engine takes limiter locks. */
    private void handOn(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try {
            onPrefix.accept(text);
        } catch (RuntimeException | LinkageError e) {
            Hooks.faults().fault("body signal", e);
        }
    }
}
