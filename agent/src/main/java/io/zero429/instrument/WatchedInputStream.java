package io.zero429.instrument;

import io.zero429.Engine;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body stream as the application gets it, with a {@link BodyPrefix} watching the first bytes go by.
 * Every call goes straight to the client's stream with the same arguments and returns what it returned (bytes,
 * counts, exceptions): no read-ahead, no buffering. The InputStream methods not overridden here
 * ({@code readAllBytes}, {@code readNBytes}, {@code transferTo}...) are the JDK's defaults, which call these.
 */
public final class WatchedInputStream extends InputStream {
    private final InputStream in;
    private final BodyPrefix prefix;

    public WatchedInputStream(InputStream in, BodyPrefix prefix) {
        this.in = in;
        this.prefix = prefix;
    }

    /** {@code in} watched for the body codes the ticket's limiters listen to; {@code in} itself when there are none. */
    public static InputStream of(Engine.Ticket ticket, InputStream in) {
        BodyPrefix prefix = in == null ? null : BodyPrefix.of(ticket);
        return prefix == null ? in : new WatchedInputStream(in, prefix);
    }

    /** The client's stream this one reads from. */
    public InputStream unwrapped() {
        return in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (prefix.watching()) {
            if (b < 0) {
                prefix.end();
            } else {
                prefix.read(b);
            }
        }
        return b;
    }

    @Override
    public int read(byte[] b) throws IOException {
        int n = in.read(b);
        seen(b, 0, n);
        return n;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        seen(b, off, n);
        return n;
    }

    private void seen(byte[] b, int off, int n) {
        if (prefix.watching()) {
            if (n < 0) {
                prefix.end();
            } else {
                prefix.read(b, off, n);
            }
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (prefix.watching()) {
            prefix.skipped(skipped);
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            prefix.end();
        }
    }

    @Override
    public void mark(int readlimit) {
        in.mark(readlimit);
        prefix.marked();
    }

    @Override
    public void reset() throws IOException {
        in.reset();
        prefix.reset();
    }

    @Override
    public boolean markSupported() {
        return in.markSupported();
    }

    @Override
    public String toString() {
        return in.toString();
    }
}
