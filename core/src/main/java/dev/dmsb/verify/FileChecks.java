package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks on the image's final filesystem: forbidden paths, and files that only non-final stages (or
 * no stage of this Dockerfile) created but the image still holds.
 */
final class FileChecks {
  /** Evidence lists stay readable; the message gives the full count. */
  static final int MAX_PATHS_SHOWN = 20;

  private FileChecks() {}

  static void run(VerifyRequest request, ImageArchive archive, ReportBuilder report) {
    ImageFiles files = ImageFiles.stack(archive.layers());
    forbidden(request, files, report);
    report.chain().ifPresent(chain -> builderFiles(chain, files, report));
  }

  private static void forbidden(VerifyRequest request, ImageFiles files, ReportBuilder report) {
    if (request.forbiddenGlobs().isEmpty()) {
      return;
    }
    List<Glob> globs = request.forbiddenGlobs().stream().map(Glob::compile).toList();
    int total = 0;
    for (Glob glob : globs) {
      List<Evidence> evidence = new ArrayList<>();
      int count = 0;
      for (Map.Entry<String, ImageFiles.Present> e : files.paths().entrySet()) {
        if (glob.matches(e.getKey())) {
          count++;
          if (evidence.size() < MAX_PATHS_SHOWN) {
            ImageFiles.Present p = e.getValue();
            evidence.add(Evidence.ofFile(report.rowOfLayer(p.layer()), e.getKey(), p.size()));
          }
        }
      }
      if (count > 0) {
        total += count;
        report.finding(
            Severity.ERROR,
            "forbidden-file",
            count
                + " path(s) in the image match --forbid "
                + glob
                + ", first "
                + evidence.get(0).path()
                + origin(evidence.get(0))
                + "; remove them in the stage that adds them or do not copy them into the final"
                + " stage",
            evidence);
      }
    }
    report.check(
        "forbidden-files",
        total == 0,
        total == 0
            ? "no path matches " + request.forbiddenGlobs()
            : total + " path(s) match " + request.forbiddenGlobs());
  }

  private static void builderFiles(ExpectedChain chain, ImageFiles files, ReportBuilder report) {
    Map<Integer, List<Map.Entry<String, ImageFiles.Present>>> byLayer = new java.util.TreeMap<>();
    for (Map.Entry<String, ImageFiles.Present> e : files.paths().entrySet()) {
      if (e.getValue().kind() != ImageArchive.Kind.DIRECTORY) {
        byLayer.computeIfAbsent(e.getValue().layer(), k -> new ArrayList<>()).add(e);
      }
    }
    int total = 0;
    for (Map.Entry<Integer, List<Map.Entry<String, ImageFiles.Present>>> layer :
        byLayer.entrySet()) {
      HistoryRow row = report.rowOfLayer(layer.getKey());
      if (row.verdict() != Verdict.SHIPPED && row.verdict() != Verdict.FOREIGN) {
        continue;
      }
      List<Evidence> evidence = new ArrayList<>();
      long bytes = 0;
      for (Map.Entry<String, ImageFiles.Present> e : layer.getValue()) {
        bytes += e.getValue().size();
        if (evidence.size() < MAX_PATHS_SHOWN) {
          evidence.add(Evidence.ofFile(row, e.getKey(), e.getValue().size()));
        }
      }
      total += layer.getValue().size();
      report.finding(
          Severity.ERROR,
          "builder-file",
          layer.getValue().size()
              + " file(s) ("
              + ByteSize.format(bytes)
              + ") in the image were created by "
              + (row.verdict() == Verdict.SHIPPED
                  ? "stage '" + row.stage() + "'" + where(Evidence.of(row))
                  : "no stage of this Dockerfile (layer " + row.index() + ")")
              + ", not by the final stage '"
              + chain.finalStage()
              + "', e.g. "
              + evidence.get(0).path()
              + "; COPY --from only the files the final stage needs",
          evidence);
    }
    report.check(
        "builder-files",
        total == 0,
        total == 0
            ? "every file comes from the base image or the final stage"
            : total + " file(s) come from non-final stages");
  }

  private static String origin(Evidence e) {
    if (e.stage() == null || e.stage().equals("-")) {
      return "";
    }
    return " from " + (e.stage().startsWith("base ") ? "the " : "stage ") + e.stage() + where(e);
  }

  private static String where(Evidence e) {
    return e.line() > 0 ? " (Dockerfile:" + e.line() + ")" : "";
  }
}
