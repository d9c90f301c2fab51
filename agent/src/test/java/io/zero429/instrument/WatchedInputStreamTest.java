package io.zero429.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.signal.BodyCodes;
import java.io.ByteArrayInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The application reads exactly what it would read unwatched; the watcher sees a bounded prefix, once. */
class WatchedInputStreamTest {
    private static final String KIS = "{\"rt_cd\":\"1\",\"msg_cd\":\"EGW00201\",\"msg1\":\"초당 거래건수를 초과하였습니다.\"}";

    private final List<String> handedOn = new ArrayList<>();
    private final BodyPrefix prefix = new BodyPrefix(handedOn::add);

    private static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static String latin1(byte[] body, int length) {
        return new String(body, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Runs the same random calls on both streams and fails at the first difference in what they return. */
    private static void sameCalls(InputStream raw, InputStream watched, long seed, boolean skips) throws IOException {
        Random random = new Random(seed);
        for (int step = 0; step < 5000; step++) {
            int op = random.nextInt(skips ? 7 : 6);
            String where = "step " + step + ", op " + op;
            switch (op) {
                case 0:
                    assertEquals(raw.read(), watched.read(), where);
                    break;
                case 1: {
                    byte[] a = new byte[random.nextInt(300)];
                    byte[] b = a.clone();
                    assertEquals(raw.read(a), watched.read(b), where);
                    assertArrayEquals(a, b, where);
                    break;
                }
                case 2: {
                    int size = 1 + random.nextInt(500);
                    int off = random.nextInt(size);
                    int len = random.nextInt(size - off + 1);
                    byte[] a = new byte[size];
                    byte[] b = new byte[size];
                    assertEquals(raw.read(a, off, len), watched.read(b, off, len), where);
                    assertArrayEquals(a, b, where);
                    break;
                }
                case 3:
                    assertEquals(raw.available(), watched.available(), where);
                    break;
                case 4: {
                    assertEquals(raw.markSupported(), watched.markSupported(), where);
                    int limit = 1 + random.nextInt(1000);
                    raw.mark(limit);
                    watched.mark(limit);
                    break;
                }
                case 5:
                    if (raw.markSupported()) {
                        raw.reset();
                        watched.reset();
                    }
                    break;
                default: {
                    long n = random.nextInt(200);
                    assertEquals(raw.skip(n), watched.skip(n), where);
                }
            }
        }
        assertArrayEquals(raw.readAllBytes(), watched.readAllBytes(), "the rest");
    }

    @Test
    void readsReturnWhatTheClientStreamReturnsAndTheMarkedBytesAreSeenOnce() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] body = randomBody(20_000, seed);
            List<String> seen = new ArrayList<>();
            InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), new BodyPrefix(seen::add));
            sameCalls(new ByteArrayInputStream(body), watched, seed, false);
            assertEquals(List.of(latin1(body, BodyCodes.MAX_SCANNED)), seen, "seed " + seed);
        }
    }

    @Test
    void skipsAndAStreamWithoutMarkAreForwardedToo() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] body = randomBody(20_000, seed);
            List<String> seen = new ArrayList<>();
            // A stream without mark: reset throws the same way through the watcher.
            InputStream plain = new BufferedInputStream(new ByteArrayInputStream(body), 64) {
                @Override
                public boolean markSupported() {
                    return false;
                }
            };
            InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), new BodyPrefix(seen::add));
            sameCalls(new ByteArrayInputStream(body), watched, seed, true);
            assertTrue(seen.size() <= 1, "handed on at most once (nothing when the first call was a skip)");
            for (String text : seen) {
                assertTrue(text.length() <= BodyCodes.MAX_SCANNED && latin1(body, text.length()).equals(text),
                        "a true prefix, seed " + seed);
            }
            InputStream watchedPlain = new WatchedInputStream(plain, new BodyPrefix(s -> { }));
            assertThrows(IOException.class, watchedPlain::reset);
        }
    }

    @Test
    void aMegabyteBodyIsCopiedOnlyUpTo8KbAndHandedOnOnce() throws IOException {
        byte[] body = randomBody(1 << 20, 7);
        try (InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), prefix)) {
            assertArrayEquals(body, watched.readAllBytes());
            assertEquals(-1, watched.read());
        }
        assertEquals(List.of(latin1(body, BodyCodes.MAX_SCANNED)), handedOn);
    }

    @Test
    void aShortBodyIsHandedOnAtItsEndAndAnUnreadOneWhenClosed() throws IOException {
        byte[] body = KIS.getBytes(StandardCharsets.UTF_8);
        InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), prefix);
        byte[] read = new byte[body.length];
        assertEquals(body.length, watched.readNBytes(read, 0, body.length));
        assertEquals(List.of(), handedOn, "not yet at the end: more may come");
        assertEquals(-1, watched.read(read));
        assertEquals(1, handedOn.size());
        assertEquals(BodyCodes.Kind.KIS_OVER_RATE, BodyCodes.scan(handedOn.get(0)).kind());
        watched.close();
        assertEquals(1, handedOn.size(), "once");

        List<String> closed = new ArrayList<>();
        InputStream partly = new WatchedInputStream(new ByteArrayInputStream(body), new BodyPrefix(closed::add));
        partly.readNBytes(40);
        partly.close();
        assertEquals(List.of(latin1(body, 40)), closed, "closing hands on what was read");
    }

    @Test
    void aMultibyteCharacterCutAtTheLimitDoesNotStopTheScan() throws IOException {
        StringBuilder json = new StringBuilder(KIS.substring(0, KIS.length() - 1)).append(",\"pad\":\"");
        while (json.toString().getBytes(StandardCharsets.UTF_8).length < 3 * BodyCodes.MAX_SCANNED) {
            json.append("초");
        }
        byte[] body = json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
        InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), prefix);
        assertArrayEquals(body, watched.readAllBytes());
        assertEquals(1, handedOn.size());
        assertEquals(BodyCodes.Kind.KIS_OVER_RATE, BodyCodes.scan(handedOn.get(0)).kind());
    }

    @Test
    void aFailingConsumerNeverReachesTheReader() throws IOException {
        long faults = Hooks.faults().count();
        byte[] body = randomBody(30_000, 3);
        BodyPrefix failing = new BodyPrefix(text -> {
            throw new IllegalStateException("engine fault");
        });
        try (InputStream watched = new WatchedInputStream(new ByteArrayInputStream(body), failing)) {
            assertArrayEquals(body, watched.readAllBytes());
        }
        assertEquals(faults + 1, Hooks.faults().count(), "logged once");
    }

    @Test
    void whatAClientWritesForTheApplicationGoesThroughUnchanged() throws IOException {
        byte[] body = randomBody(20_000, 9);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream watched = new WatchedOutputStream(out, prefix)) {
            watched.write(body[0]);
            watched.write(body, 1, 99);
            watched.write(Arrays.copyOfRange(body, 100, body.length));
        }
        prefix.end();
        assertArrayEquals(body, out.toByteArray());
        assertEquals(List.of(latin1(body, BodyCodes.MAX_SCANNED)), handedOn);
    }

    @Test
    void byteBuffersAreCopiedFromDuplicatesUpTo8Kb() {
        byte[] body = randomBody(20_000, 5);
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int at = 0; at < body.length; at += 3000) {
            ByteBuffer buffer = ByteBuffer.wrap(body, at, Math.min(3000, body.length - at)).slice();
            buffers.add(buffer);
        }
        for (ByteBuffer buffer : buffers) {
            int position = buffer.position();
            int limit = buffer.limit();
            prefix.received(buffer);
            assertEquals(position, buffer.position());
            assertEquals(limit, buffer.limit());
        }
        prefix.end();
        assertEquals(List.of(latin1(body, BodyCodes.MAX_SCANNED)), handedOn);
        assertEquals(20_000, buffers.stream().mapToInt(ByteBuffer::remaining).sum(),
                "the application's buffers still hold every byte");
    }
}
