package io.zero429.instrument.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Fuzz input for the parsers of client text: valid samples with 1-5 random inserts, deletions and cuts each. */
public final class MutatedText {
    private MutatedText() {
    }

    /** Hands {@code cases} mutated copies of {@code samples} to {@code check}, the same ones for the same seed. */
    public static void forEach(long seed, int cases, String[] samples, String alphabet, Consumer<String> check) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < cases; i++) {
            StringBuilder text = new StringBuilder(samples[random.nextInt(samples.length)]);
            for (int edits = random.nextInt(1, 6); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3)) {
                    case 0:
                        text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        break;
                    case 1:
                        if (at < text.length()) {
                            text.deleteCharAt(at);
                        }
                        break;
                    default:
                        text.setLength(Math.min(text.length(), at));
                }
            }
            check.accept(text.toString());
        }
    }
}
