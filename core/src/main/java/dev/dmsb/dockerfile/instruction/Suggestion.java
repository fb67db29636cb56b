package dev.dmsb.dockerfile.instruction;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" candidates. BuildKit's {@code util/suggest} proposes any name within two edits,
 * which for short names is half the word ({@code rust} gives {@code test}). dmsb proposes a name
 * only when it is close: one edit (a swap of two neighbouring chars counting as one), or two edits
 * in names of six chars or more.
 */
public final class Suggestion {
  /** Largest edit distance still suggested. */
  public static final int MAX_DISTANCE = 2;

  private Suggestion() {}

  /**
   * The candidate closest to {@code word} (compared case-insensitively) if it is close enough, or
   * {@code null}; an exact match is not a suggestion.
   */
  public static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      if (c == null || c.equals(word)) {
        continue;
      }
      String lc = c.toLowerCase(Locale.ROOT);
      int d = distance(w, lc, bestDistance);
      if (d < bestDistance && (d <= 1 || Math.max(w.length(), lc.length()) >= 3 * d)) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /**
   * Edit distance with neighbour swaps (optimal string alignment), giving up (returning {@code
   * limit}) once it reaches {@code limit}.
   */
  public static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] prev2 = new int[b.length() + 1];
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
        int v = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin >= limit) {
        return limit;
      }
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], limit);
  }
}
