package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated rules files: the parser returns a configuration or its own {@link RulesException} whose every
 * problem says where it is; never anything else, never a hang. Seeds are fixed so a failure is reproducible.
 */
class RulesFuzzTest {
    private static final String[] FRAGMENTS = {"limiter.", "rule.", "defaults.", ".limits", ".mode", ".match",
        ".limiter", ".key", ".jitter", ".margin", ".max-wait", ".adjust", ".adjust.factor", "=", ":", " ", "\\",
        "\n", "\r\n", "#", "!", "/", "//", "**", "*", "|", ",", "10/s", "burst", "99999999999999999999", "-1",
        "/0s", "0-5ms", "2%", "window", "gcra", "GET", "api.upbit.com", ":9443", "header:", "\\u12", "\\uzzzz",
        "\u00e9", "\ud83d\ude00", "\u0000", "kis", "a", "b:5", "1e9", "NaN", "0.8", "1/2s", "%", ".store",
        "file:", "redis://", "rediss://u:p@h:1/2"};

    /** @return true if the text was rejected (with well-formed problems) */
    private static boolean assertParsesOrExplains(String text) {
        try {
            RulesConfig config = RulesParser.parse("fuzz.properties", text);
            // Whatever was accepted must also be matchable.
            config.match("GET", "api.upbit.com", 443, "/v1/ticker?x=1");
            return false;
        } catch (RulesException e) {
            assertTrue(e.problems().size() > 0);
            for (Problem p : e.problems()) {
                assertTrue(p.line() >= 0 && p.source().equals("fuzz.properties"), p.toString());
                assertTrue(p.toString().startsWith("fuzz.properties"), p.toString());
            }
            return true;
        } catch (Throwable t) {
            fail("the parser threw " + t + " for:\n" + text, t);
            return false;
        }
    }

    @Test
    void randomFilesNeverBreakTheParser() {
        SplittableRandom random = new SplittableRandom(2026);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 3000; i++) {
                StringBuilder text = new StringBuilder();
                int pieces = random.nextInt(60);
                for (int j = 0; j < pieces; j++) {
                    text.append(random.nextInt(8) == 0 ? Character.toString((char) random.nextInt(0x3000))
                            : FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                }
                assertParsesOrExplains(text.toString());
            }
        });
    }

    @Test
    void mutationsOfTheExampleNeverBreakTheParser() throws Exception {
        String example = RulesParserTest.example();
        SplittableRandom random = new SplittableRandom(429);
        int rejected = 0;
        for (int batch = 0; batch < 10; batch++) {
            int[] rejectedInBatch = {0};
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 300; i++) {
                    String mutated = mutate(example, random, 1 + random.nextInt(4));
                    if (assertParsesOrExplains(mutated)) {
                        rejectedInBatch[0]++;
                    }
                }
            });
            rejected += rejectedInBatch[0];
        }
        assertTrue(rejected > 500, "mutations should mostly be caught, were " + rejected + " of 3000");
    }

    private static String mutate(String text, SplittableRandom random, int times) {
        StringBuilder s = new StringBuilder(text);
        for (int t = 0; t < times && s.length() > 0; t++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0:
                    s.deleteCharAt(at);
                    break;
                case 1:
                    s.insert(at, s.charAt(random.nextInt(s.length())));
                    break;
                case 2:
                    int other = random.nextInt(s.length());
                    char c = s.charAt(at);
                    s.setCharAt(at, s.charAt(other));
                    s.setCharAt(other, c);
                    break;
                case 3:
                    s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    break;
                case 4:
                    s.insert(at, "9".repeat(1 + random.nextInt(30)));
                    break;
                default:
                    s.insert(at, "x".repeat(random.nextInt(20_000))); // very long lines
                    break;
            }
        }
        return s.toString();
    }

    @Test
    void theMatcherNeverBreaksOnRandomPaths() throws Exception {
        RulesConfig config = RulesParserTest.parseExample();
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "/*?#.%-_aAzZ09v1candles";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder path = new StringBuilder();
                int length = random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    path.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                config.match(random.nextBoolean() ? "GET" : "POST", "api.upbit.com", 443, path.toString());
            }
        });
        // A pathological glob against a long path stays fast (no exponential backtracking).
        PathGlob glob = PathGlob.parse("/**/**/**/**/**/a*a*a*a*a*b");
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertEquals(false, glob.matches("/" + "a/".repeat(12) + "a".repeat(40))));
    }
}
