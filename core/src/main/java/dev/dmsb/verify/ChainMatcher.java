package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pairs the history entries above the base with the expected chain's instructions, in order. An
 * entry that matches a later instruction skips the ones between (they are reported missing); an
 * entry that matches none is unaccounted. Trailing legacy {@code LABEL} entries for labels given to
 * the build API (not in the Dockerfile) are recognised as such. An {@code ONBUILD} without an entry
 * is not missing when BuildKit built the image (it records none).
 */
final class ChainMatcher {
  /** The attribution of each entry, and the instructions no entry matched. */
  record Result(List<Attribution> attributions, List<ExpectedStep> missing) {}

  private ChainMatcher() {}

  static Result match(
      List<CreatedBy> entries, List<ExpectedStep> steps, Map<String, String> labels) {
    List<Attribution> out = new ArrayList<>();
    List<ExpectedStep> skipped = new ArrayList<>();
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
        skipped.addAll(steps.subList(next, found));
        out.add(new Attribution.Instruction(steps.get(found)));
        next = found + 1;
      } else if (isBuildLabel(entry, labels)) {
        out.add(new Attribution.BuildLabel(labelKey(entry)));
      } else {
        out.add(new Attribution.Unaccounted());
      }
    }
    skipped.addAll(steps.subList(next, steps.size()));
    boolean buildkit = entries.stream().anyMatch(e -> e.builder() == CreatedBy.Form.BUILDKIT);
    List<ExpectedStep> missing = new ArrayList<>();
    for (ExpectedStep s : skipped) {
      // BuildKit puts ONBUILD into the config only: it writes no history entry for it
      if (!(buildkit && s.keyword().equals("ONBUILD"))) {
        missing.add(s);
      }
    }
    return new Result(out, missing);
  }

  private static boolean isBuildLabel(CreatedBy entry, Map<String, String> labels) {
    // the legacy builder writes LABEL key=value, Buildah LABEL "key"="value"
    boolean writesThem =
        entry.builder() == CreatedBy.Form.LEGACY || entry.builder() == CreatedBy.Form.BUILDAH;
    if (!writesThem || !entry.keyword().equals("LABEL")) {
      return false;
    }
    List<String> words = StepText.shellWords(entry.text());
    if (words.size() != 1 || !words.get(0).contains("=")) {
      return false;
    }
    return labels.containsKey(labelKey(entry));
  }

  private static String labelKey(CreatedBy entry) {
    List<String> words = StepText.shellWords(entry.text());
    String t = words.isEmpty() ? entry.text().strip() : words.get(0);
    int eq = t.indexOf('=');
    return eq < 0 ? t : t.substring(0, eq);
  }
}
