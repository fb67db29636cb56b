package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pairs the history entries above the base with the expected chain's instructions, in order. An
 * entry that matches a later instruction skips the ones between (they are reported missing); an
 * entry that matches none is unaccounted. Trailing legacy {@code LABEL} entries for labels given to
 * the build API (not in the Dockerfile) are recognised as such.
 */
final class ChainMatcher {
  /** The attribution of each entry, and the instructions no entry matched. */
  record Result(List<Attribution> attributions, List<ExpectedStep> missing) {}

  private ChainMatcher() {}

  static Result match(
      List<CreatedBy> entries, List<ExpectedStep> steps, Map<String, String> labels) {
    List<Attribution> out = new ArrayList<>();
    List<ExpectedStep> missing = new ArrayList<>();
    int next = 0;
    for (CreatedBy entry : entries) {
      int found = -1;
      for (int k = next; k < steps.size(); k++) {
        if (StepText.agrees(steps.get(k), entry)) {
          found = k;
          break;
        }
      }
      if (found >= 0) {
        missing.addAll(steps.subList(next, found));
        out.add(new Attribution.Instruction(steps.get(found)));
        next = found + 1;
      } else if (isBuildLabel(entry, labels)) {
        out.add(new Attribution.BuildLabel(labelKey(entry)));
      } else {
        out.add(new Attribution.Unaccounted());
      }
    }
    missing.addAll(steps.subList(next, steps.size()));
    return new Result(out, missing);
  }

  private static boolean isBuildLabel(CreatedBy entry, Map<String, String> labels) {
    if (entry.builder() != CreatedBy.Form.LEGACY || !entry.keyword().equals("LABEL")) {
      return false;
    }
    List<String> words = StepText.shellWords(entry.text());
    if (words.size() != 1 || !words.get(0).contains("=")) {
      return false;
    }
    String key = labelKey(entry);
    return labels.containsKey(key);
  }

  private static String labelKey(CreatedBy entry) {
    String t = entry.text().strip();
    int eq = t.indexOf('=');
    return eq < 0 ? t : t.substring(0, eq);
  }
}
