package io.zero429.rules;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * {@code key = header:NAME}: requests are partitioned by the value of that header (one budget per API key or
 * account). Values are hashed with a secret key and never kept or shown in clear: the deployment's
 * ({@code ZERO429_PARTITION_SECRET} or {@code -Dzero429.partition.secret}, the same in every process, so that a
 * partition's schedule meets in a shared store), or else a random one of this process.
 */
public final class PartitionKey {
    public static final String SECRET_ENV = "ZERO429_PARTITION_SECRET";
    public static final String SECRET_PROPERTY = "zero429.partition.secret";
    private static final String SECRET = secret();
    private static final SipHash PROCESS_HASH = SECRET != null ? keyedBy(SECRET) : randomlyKeyed();

    private final String header;

    private PartitionKey(String header) {
        this.header = header;
    }

    private static String secret() {
        String secret = System.getProperty(SECRET_PROPERTY);
        if (secret == null) {
            secret = System.getenv(SECRET_ENV);
        }
        return secret == null || secret.isEmpty() ? null : secret;
    }

    private static SipHash randomlyKeyed() {
        SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong());
    }

    /** The hash every process keyed by {@code secret} computes alike: SipHash keyed by the secret's SHA-256. */
    static SipHash keyedBy(String secret) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(digest);
            return new SipHash(key.getLong(), key.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Whether partitions are hashed with the deployment's secret (the same in every process), not this process's. */
    public static boolean deploymentWide() {
        return SECRET != null;
    }

    static PartitionKey parse(String text) {
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon < 0 || !s.substring(0, colon).trim().equalsIgnoreCase("header")) {
            throw new IllegalArgumentException("bad key '" + Text.shorten(text) + "': expected header:NAME");
        }
        String name = s.substring(colon + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("bad header name '" + Text.shorten(name) + "' in key '"
                    + Text.shorten(text) + "'");
        }
        return new PartitionKey(name);
    }

    /** The header whose value partitions the budget (compare case-insensitively). */
    public String header() {
        return header;
    }

    /** The partition of a header value: a keyed hash, alike in every process of a deployment that has a secret. */
    public long hash(CharSequence headerValue) {
        return PROCESS_HASH.hash(headerValue);
    }

    /** How a partition is shown: {@code #} and 16 hex digits. */
    public static String display(long hash) {
        return String.format(Locale.ROOT, "#%016x", hash);
    }

    @Override
    public String toString() {
        return "header:" + header;
    }
}
