package io.zero429.instrument;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a client writes a response body for the application ({@code HttpEntity.writeTo(out)}), with a
 * {@link BodyPrefix} watching the first bytes go by. Every call goes to the application's stream unchanged.
 */
public final class WatchedOutputStream extends OutputStream {
    private final OutputStream out;
    private final BodyPrefix prefix;

    public WatchedOutputStream(OutputStream out, BodyPrefix prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        if (prefix.watching()) {
            prefix.read(b & 0xFF);
        }
    }

    @Override
    public void write(byte[] b) throws IOException {
        out.write(b);
        if (prefix.watching()) {
            prefix.read(b, 0, b.length);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        if (prefix.watching()) {
            prefix.read(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
