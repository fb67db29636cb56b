package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.syntax.SourceRange;

/** Flags image references without a tag or with {@code latest}. */
final class ImageTags {
  private ImageTags() {}

  static void check(String ref, SourceRange range, Stage stage, Findings f) {
    if (ref.isEmpty() || ref.equals("scratch") || ref.indexOf('@') >= 0 || ref.indexOf('$') >= 0) {
      return;
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon <= slash) {
      f.add(
          Rules.UNTAGGED_IMAGE,
          range,
          "image " + ref + " has no tag, so it means " + ref + ":latest, which changes over time",
          stage,
          "pin a version, e.g. " + ref + ":<version>, or a digest");
    } else if (ref.substring(colon + 1).equals("latest")) {
      f.add(
          Rules.LATEST_TAG,
          range,
          "image " + ref + " uses the latest tag, which changes over time",
          stage,
          "pin a version or a digest");
    }
  }
}
