package io.zero429.rules;

import java.util.Collection;

/** "Did you mean ...?": the closest known word to a probable typo. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code word} by edit distance, if close enough to be a likely typo; else null. */
    public static String closest(String word, Collection<String> candidates) {
        int allowed = Math.max(2, word.length() / 4);
        String best = null;
        int bestDistance = allowed + 1; // anything further is not a likely typo: stop computing early
        for (String candidate : candidates) {
            int d = editDistance(word, candidate, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance > 0 ? best : null;
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once it cannot be below {@code limit}. */
    static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
