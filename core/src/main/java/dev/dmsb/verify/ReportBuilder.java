package dev.dmsb.verify;

import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.secret.SecretNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Collects attributions, checks and findings while the verifier works, then makes the report. */
final class ReportBuilder {
  private final VerifyRequest request;
  private final ImageLayers image;
  private final Attribution[] attributions;
  private final List<Check> checks = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private ExpectedChain chain;
  private OptionalLong keptOut = OptionalLong.empty();

  ReportBuilder(VerifyRequest request, ImageLayers image) {
    this.request = request;
    this.image = image;
    this.attributions = new Attribution[image.history().size()];
    Arrays.fill(attributions, new Attribution.NotChecked());
  }

  void attribute(int row, Attribution attribution) {
    attributions[row] = attribution;
  }

  void check(String name, boolean passed, String message) {
    checks.add(new Check(name, passed, message));
  }

  void finding(Severity severity, String rule, String message, List<Evidence> evidence) {
    findings.add(new Finding(severity, rule, message, evidence));
  }

  void keptOut(OptionalLong bytes) {
    keptOut = bytes;
  }

  Optional<ExpectedChain> chain() {
    return Optional.ofNullable(chain);
  }

  /** The row (0-based history index) that made layer {@code layer} of {@code RootFS.Layers}. */
  HistoryRow rowOfLayer(int layer) {
    int seen = 0;
    for (int i = 0; i < image.digests().length; i++) {
      if (image.digests()[i] != null && seen++ == layer) {
        return row(i);
      }
    }
    throw new IllegalArgumentException("no layer " + layer);
  }

  HistoryRow row(int i) {
    HistoryEntry e = image.history().get(i);
    Attribution a = attributions[i];
    return new HistoryRow(
        i + 1,
        e.createdBy(),
        e.size(),
        image.empty()[i],
        Optional.ofNullable(image.digests()[i]),
        a,
        verdict(a));
  }

  private Verdict verdict(Attribution a) {
    if (a instanceof Attribution.Base || a instanceof Attribution.BuildLabel) {
      return Verdict.OK;
    }
    if (a instanceof Attribution.Instruction i) {
      return chain == null || chain.isFinal(i.step().stage()) ? Verdict.OK : Verdict.SHIPPED;
    }
    return a instanceof Attribution.Unaccounted ? Verdict.FOREIGN : Verdict.UNCHECKED;
  }

  /** Findings and checks that follow from matching the history with the chain. */
  void chainResult(ExpectedChain chain, List<ExpectedStep> missing) {
    this.chain = chain;
    List<HistoryRow> rows = rows();
    int foreign = 0;
    for (HistoryRow r : rows) {
      if (r.verdict() == Verdict.FOREIGN) {
        foreign++;
        finding(
            Severity.ERROR,
            "foreign-layer",
            (r.emptyLayer() ? "history entry " : "layer ")
                + r.index()
                + " ("
                + r.instruction()
                + ") is not from this Dockerfile's final stage '"
                + chain.finalStage()
                + "' or its base; verify the image against the Dockerfile (and --target) it was"
                + " built from, or rebuild it",
            List.of(Evidence.of(r)));
      }
    }
    for (ExpectedStep s : missing) {
      finding(
          Severity.ERROR,
          "missing-step",
          s.label()
              + " ("
              + s.keyword()
              + " "
              + s.arguments()
              + ") made no history entry in the image; the image was not built from this"
              + " Dockerfile with these build args and target",
          List.of(new Evidence(null, 0, null, s.stage(), s.line(), null)));
    }
    check(
        "dockerfile-chain",
        foreign == 0 && missing.isEmpty(),
        foreign == 0 && missing.isEmpty()
            ? "every history entry is accounted for by the base or stages "
                + String.join(" → ", chain.stages())
            : foreign
                + " entries not from this Dockerfile's final stage, "
                + missing.size()
                + " instructions without an entry");
    shippedBuilders(chain, rows);
  }

  private void shippedBuilders(ExpectedChain chain, List<HistoryRow> rows) {
    long shippedBytes = 0;
    for (String stage : chain.stages()) {
      if (chain.isFinal(stage)) {
        continue;
      }
      List<Evidence> evidence = new ArrayList<>();
      long bytes = 0;
      for (HistoryRow r : rows) {
        if (r.verdict() == Verdict.SHIPPED && r.stage().equals(stage) && !r.emptyLayer()) {
          evidence.add(Evidence.of(r));
          bytes += r.size();
        }
      }
      if (bytes > 0) {
        shippedBytes += bytes;
        finding(
            request.strict() ? Severity.ERROR : Severity.WARNING,
            "builder-shipped",
            "the final stage '"
                + chain.finalStage()
                + "' builds FROM stage '"
                + stage
                + "', so its "
                + evidence.size()
                + " layers ("
                + ByteSize.format(bytes)
                + ") ship in the image; start the final stage FROM a small base image and COPY"
                + " --from="
                + stage
                + " only what it needs",
            evidence);
      }
    }
    check(
        "builder-not-shipped",
        shippedBytes == 0 || !request.strict(),
        shippedBytes == 0
            ? "no layers of non-final stages ship in the image"
            : ByteSize.format(shippedBytes)
                + " of non-final stages ship in the image"
                + (request.strict() ? "" : " (a warning; --strict makes it an error)"));
  }

  List<HistoryRow> rows() {
    List<HistoryRow> out = new ArrayList<>();
    for (int i = 0; i < attributions.length; i++) {
      out.add(row(i));
    }
    return out;
  }

  VerifyReport build() {
    List<HistoryRow> rows = rows();
    Totals totals = totals(rows);
    List<Check> all = new ArrayList<>();
    request
        .expectedLayers()
        .ifPresent(
            n ->
                all.add(
                    new Check(
                        "layer-count",
                        n == totals.layers(),
                        "expected "
                            + n
                            + " layers, found "
                            + totals.layers()
                            + breakdown(totals))));
    request
        .maxSizeBytes()
        .ifPresent(
            max ->
                all.add(
                    new Check(
                        "max-size",
                        totals.imageSize() <= max,
                        "image size "
                            + ByteSize.format(totals.imageSize())
                            + " ("
                            + totals.imageSizeMeaning().words()
                            + ", as the engine counts it)"
                            + (totals.imageSize() <= max ? " is within " : " exceeds ")
                            + ByteSize.format(max)
                            + " ("
                            + totals.imageSize()
                            + " of "
                            + max
                            + " bytes)")));
    all.addAll(checks);
    return masked(
        new VerifyReport(request.image(), image.details().id(), rows, all, findings, totals));
  }

  /**
   * The report with the values of secret-named variables hidden everywhere it shows text: history
   * entries ({@code |1 API_TOKEN=... /bin/sh -c ...}, {@code ENV DB_PASSWORD=...}), the evidence
   * quoting them, and messages quoting Dockerfile instructions. Done last, on the finished report,
   * because attribution must compare the real text.
   */
  private static VerifyReport masked(VerifyReport r) {
    return new VerifyReport(
        r.image(),
        r.imageId(),
        r.rows().stream()
            .map(
                h ->
                    new HistoryRow(
                        h.index(),
                        SecretNames.maskAssignments(h.createdBy()),
                        h.size(),
                        h.emptyLayer(),
                        h.digest(),
                        h.attribution(),
                        h.verdict()))
            .toList(),
        r.checks().stream()
            .map(c -> new Check(c.name(), c.passed(), SecretNames.maskAssignments(c.message())))
            .toList(),
        r.findings().stream()
            .map(
                f ->
                    new Finding(
                        f.severity(),
                        f.rule(),
                        SecretNames.maskAssignments(f.message()),
                        f.evidence().stream()
                            .map(
                                e ->
                                    new Evidence(
                                        e.digest(),
                                        e.size(),
                                        SecretNames.maskAssignments(e.createdBy()),
                                        e.stage(),
                                        e.line(),
                                        e.path()))
                            .toList()))
            .toList(),
        r.totals());
  }

  private String breakdown(Totals t) {
    if (chain == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (base " + t.baseLayers());
    t.layersByStage().forEach((stage, n) -> sb.append(", ").append(stage).append(' ').append(n));
    return sb.append(')').toString();
  }

  private Totals totals(List<HistoryRow> rows) {
    int baseLayers = 0;
    long baseBytes = 0;
    Map<String, Integer> layersByStage = new LinkedHashMap<>();
    Map<String, Long> bytesByStage = new LinkedHashMap<>();
    if (chain != null) {
      for (String s : chain.stages()) {
        layersByStage.put(s, 0);
        bytesByStage.put(s, 0L);
      }
    }
    long layerBytes = 0;
    for (HistoryRow r : rows) {
      int layer = r.emptyLayer() ? 0 : 1;
      layerBytes += r.emptyLayer() ? 0 : r.size();
      if (r.attribution() instanceof Attribution.Base) {
        baseLayers += layer;
        baseBytes += r.size();
      } else if (r.attribution() instanceof Attribution.Instruction i) {
        layersByStage.merge(i.step().stage(), layer, Integer::sum);
        bytesByStage.merge(i.step().stage(), r.size(), Long::sum);
      }
    }
    long finalBytes = chain == null ? 0 : bytesByStage.getOrDefault(chain.finalStage(), 0L);
    return new Totals(
        image.details().size(),
        image.details().layers().size(),
        baseLayers,
        baseBytes,
        finalBytes,
        layersByStage,
        bytesByStage,
        keptOut,
        image.details().sizeMeaning(),
        layerBytes,
        image.details().historySizeMeaning());
  }
}
