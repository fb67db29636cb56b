package dev.dmsb.verify;

import dev.dmsb.engine.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the base ends when the base image itself cannot be read (an archive that holds only the
 * final image): the split of the history that the final stage's chain explains best, with the
 * fewest entries left unaccounted and instructions missing, and, among equals, the most entries
 * checked. What lies below is the base's, unchecked.
 */
final class BaseInference {
  private BaseInference() {}

  static int rowsBelowChain(
      List<HistoryEntry> history, ExpectedChain chain, Map<String, String> labels) {
    List<CreatedBy> all = new ArrayList<>();
    for (HistoryEntry e : history) {
      all.add(CreatedBy.parse(e.createdBy()));
    }
    int best = history.size();
    int bestScore = Integer.MAX_VALUE;
    for (int k = 0; k <= all.size(); k++) {
      ChainMatcher.Result r = ChainMatcher.match(all.subList(k, all.size()), chain.steps(), labels);
      int unaccounted =
          (int) r.attributions().stream().filter(a -> a instanceof Attribution.Unaccounted).count();
      int score = unaccounted + r.missing().size();
      if (score < bestScore) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  }
}
