package dev.dmsb.dockerfile.instruction;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" candidates by edit distance, as BuildKit suggests (distance below 3). */
public final class Suggestion {
  /** Largest edit distance still suggested. */
  public static final int MAX_DISTANCE = 2;

  private Suggestion() {}

  /**
   * The candidate closest to {@code word} within {@link #MAX_DISTANCE} edits (compared
   * case-insensitively), or {@code null}; an exact match is not a suggestion.
   */
  public static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      if (c == null || c.equals(word)) {
        continue;
      }
      int d = distance(w, c.toLowerCase(Locale.ROOT), bestDistance);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** Levenshtein distance, giving up (returning {@code limit}) once it reaches {@code limit}. */
  public static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin >= limit) {
        return limit;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], limit);
  }
}
