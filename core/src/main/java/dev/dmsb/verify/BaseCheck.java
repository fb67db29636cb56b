package dev.dmsb.verify;

import dev.dmsb.engine.HistoryEntry;
import java.util.List;

/**
 * The base image's layers must be an exact prefix of the image's layers, and its history a prefix
 * of the image's history.
 */
final class BaseCheck {
  private BaseCheck() {}

  /** Runs the check, labels the base's rows, and returns how many rows belong to the base. */
  static int run(String base, ImageLayers baseImage, ImageLayers image, ReportBuilder report) {
    List<String> baseLayers = baseImage.details().layers();
    List<String> layers = image.details().layers();
    List<HistoryEntry> baseHistory = baseImage.history();
    List<HistoryEntry> history = image.history();
    int layerPrefix = commonPrefix(baseLayers, layers);
    int common = 0;
    while (common < baseHistory.size()
        && common < history.size()
        && baseHistory.get(common).createdBy().equals(history.get(common).createdBy())
        && baseImage.empty()[common] == image.empty()[common]) {
      common++;
    }
    boolean holds = layerPrefix == baseLayers.size() && common == baseHistory.size();
    for (int i = 0; i < common; i++) {
      report.attribute(i, new Attribution.Base(base));
    }
    if (holds) {
      report.check(
          "base-prefix",
          true,
          "base "
              + base
              + ": its "
              + baseLayers.size()
              + " layers and "
              + baseHistory.size()
              + " history entries are a prefix of the image's");
      return common;
    }
    String what =
        layerPrefix < baseLayers.size()
            ? "layer "
                + (layerPrefix + 1)
                + " of "
                + base
                + " ("
                + shortId(baseLayers.get(layerPrefix))
                + ") is not layer "
                + (layerPrefix + 1)
                + " of the image"
            : "history entry " + (common + 1) + " of " + base + " differs from the image's";
    String message =
        "the image is not built on the base image "
            + base
            + " as it is in the engine now: "
            + what
            + "; rebuild the image, or pass the base it was built from (--build-arg) if it"
            + " changed";
    report.check("base-prefix", false, message);
    report.finding(Severity.ERROR, "base-mismatch", message, List.of());
    return common;
  }

  private static int commonPrefix(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }

  static String shortId(String digest) {
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
