package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PartitionKeyTest {
    @Test
    void sipHashMatchesThePublishedTestVector() {
        // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e.
        SipHash sip = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        byte[] message = new byte[15];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, sip.hash(message));
        assertEquals(0x726fdb47dd0e0e31L, sip.hash(new byte[0]));
    }

    @Test
    void theDeploymentsSecretKeysTheHashAlikeInEveryProcess() {
        long once = PartitionKey.keyedBy("deployment secret").hash("Bearer token-a");
        assertEquals(once, PartitionKey.keyedBy("deployment secret").hash("Bearer token-a"), "a fixed function of "
                + "the secret and the value: any process computes it");
        // Worked out apart from this code (Python: hashlib.sha256, a SipHash-2-4 checked on the paper's vector, the
        // value's UTF-16LE bytes): every agent version must compute it alike, or a rolling upgrade splits partitions.
        assertEquals(0x040aa9bdfec2ac0bL, once);
        assertNotEquals(once, PartitionKey.keyedBy("another secret").hash("Bearer token-a"));
        assertNotEquals(once, PartitionKey.keyedBy("deployment secret").hash("Bearer token-b"));
    }

    @Test
    void partitionsDifferByValueAndNeverShowTheValue() {
        PartitionKey key = PartitionKey.parse("header:Authorization");
        long a = key.hash("Bearer secret-token-a");
        assertEquals(a, key.hash("Bearer secret-token-a"));
        assertNotEquals(a, key.hash("Bearer secret-token-b"));
        String shown = PartitionKey.display(a);
        assertEquals(17, shown.length());
        assertFalse(shown.contains("secret"));
        assertEquals("header:Authorization", key.toString());
    }
}
