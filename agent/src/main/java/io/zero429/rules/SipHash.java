package io.zero429.rules;

/**
 * SipHash-2-4 (Aumasson and Bernstein): a keyed 64-bit hash. With a secret key (the deployment's, or a random one per
 * process), a hashed API key can be used as a partition id and shown in logs without revealing anything about the key.
 */
final class SipHash {
    private final long k0;
    private final long k1;

    SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Hashes the UTF-16 code units of {@code s} as little-endian pairs of bytes. */
    long hash(CharSequence s) {
        int n = s.length() * 2;
        byte[] bytes = new byte[n];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes[2 * i] = (byte) c;
            bytes[2 * i + 1] = (byte) (c >>> 8);
        }
        return hash(bytes);
    }

    long hash(byte[] data) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1};
        int whole = data.length & ~7;
        for (int i = 0; i < whole; i += 8) {
            compress(v, littleEndian(data, i, 8), 2);
        }
        compress(v, ((long) data.length << 56) | littleEndian(data, whole, data.length - whole), 2);
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void compress(long[] v, long m, int rounds) {
        v[3] ^= m;
        rounds(v, rounds);
        v[0] ^= m;
    }

    /** SipRound, {@code n} times. */
    private static void rounds(long[] v, int n) {
        for (int r = 0; r < n; r++) {
            v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
            v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
            v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
        }
    }

    private static long littleEndian(byte[] data, int from, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (data[from + i] & 0xffL);
        }
        return value;
    }
}
