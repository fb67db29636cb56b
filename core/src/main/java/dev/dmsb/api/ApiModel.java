package dev.dmsb.api;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.verify.Check;
import dev.dmsb.verify.Evidence;
import dev.dmsb.verify.Finding;
import dev.dmsb.verify.HistoryRow;
import dev.dmsb.verify.ImageContents;
import dev.dmsb.verify.Totals;
import dev.dmsb.verify.VerifyReport;
import java.util.List;
import java.util.Optional;

/** Converts dmsb's internal model into the API's records, at the boundary and nowhere else. */
final class ApiModel {
  private ApiModel() {}

  static LintDiagnostic diagnostic(Diagnostic d) {
    return new LintDiagnostic(
        d.ruleId(),
        switch (d.severity()) {
          case ERROR -> Severity.ERROR;
          case WARNING -> Severity.WARNING;
          case INFO -> Severity.INFO;
        },
        d.message(),
        d.file(),
        d.range().start().line(),
        d.range().start().column(),
        d.stage(),
        d.suggestion());
  }

  static VerifyResult result(
      VerifyReport report,
      Optional<String> finalStage,
      Optional<List<ImageFile>> files,
      String dockerfile) {
    return new VerifyResult(
        report.image(),
        report.imageId(),
        report.passed(),
        finalStage,
        report.rows().stream().map(ApiModel::layer).toList(),
        report.checks().stream().map(ApiModel::check).toList(),
        report.findings().stream().map(ApiModel::finding).toList(),
        totals(report.totals()),
        files,
        dockerfile);
  }

  static ImageFile file(ImageContents.Entry e) {
    return new ImageFile(e.path(), e.size(), e.layer() + 1, e.directory());
  }

  private static HistoryLayer layer(HistoryRow r) {
    return new HistoryLayer(
        r.index(),
        r.stage(),
        r.line(),
        r.instruction(),
        r.createdBy(),
        r.size(),
        r.emptyLayer(),
        r.digest(),
        switch (r.verdict()) {
          case OK -> LayerVerdict.OK;
          case SHIPPED -> LayerVerdict.SHIPPED;
          case FOREIGN -> LayerVerdict.FOREIGN;
          case UNCHECKED -> LayerVerdict.UNCHECKED;
        });
  }

  private static CheckResult check(Check c) {
    return new CheckResult(c.name(), c.passed(), c.message());
  }

  private static VerifyFinding finding(Finding f) {
    return new VerifyFinding(
        switch (f.severity()) {
          case ERROR -> Severity.ERROR;
          case WARNING -> Severity.WARNING;
        },
        f.rule(),
        f.message(),
        f.evidence().stream().map(ApiModel::evidence).toList());
  }

  private static FindingEvidence evidence(Evidence e) {
    return new FindingEvidence(e.digest(), e.size(), e.createdBy(), e.stage(), e.line(), e.path());
  }

  private static ImageTotals totals(Totals t) {
    return new ImageTotals(
        t.imageSize(),
        t.layers(),
        t.baseLayers(),
        t.layersByStage(),
        t.layerBytes(),
        t.imageSizeMeaning().words(),
        t.layerSizeMeaning().words());
  }
}
