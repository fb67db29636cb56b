package dev.dmsb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmsb.verify.Check;
import dev.dmsb.verify.Evidence;
import dev.dmsb.verify.Finding;
import dev.dmsb.verify.HistoryRow;
import dev.dmsb.verify.Totals;
import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as JSON: {@code image}, {@code imageId}, {@code passed}, {@code rows} (oldest first,
 * each with {@code line}, {@code stage}, {@code digest}, {@code size}, {@code verdict}), {@code
 * checks}, {@code findings} and {@code totals}. Absent values are {@code null}.
 */
final class VerifyJsonRenderer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private VerifyJsonRenderer() {}

  static void render(VerifyReport report, PrintWriter out) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("image", report.image());
    doc.put("imageId", report.imageId());
    doc.put("passed", report.passed());
    doc.put("rows", report.rows().stream().map(VerifyJsonRenderer::row).toList());
    doc.put("checks", report.checks().stream().map(VerifyJsonRenderer::check).toList());
    doc.put("findings", report.findings().stream().map(VerifyJsonRenderer::finding).toList());
    doc.put("totals", totals(report.totals()));
    try {
      out.println(JSON.writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report could not be written as JSON", e);
    }
  }

  private static Map<String, Object> row(HistoryRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", r.index());
    m.put("line", r.line() > 0 ? r.line() : null);
    m.put("stage", r.stage());
    m.put("instruction", r.instruction());
    m.put("createdBy", r.createdBy());
    m.put("digest", r.digest().orElse(null));
    m.put("size", r.size());
    m.put("emptyLayer", r.emptyLayer());
    m.put("verdict", r.verdict().word());
    return m;
  }

  private static Map<String, Object> check(Check c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("passed", c.passed());
    m.put("message", c.message());
    return m;
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
    m.put("rule", f.rule());
    m.put("check", f.check());
    m.put("message", f.message());
    List<Map<String, Object>> evidence =
        f.evidence().stream().map(VerifyJsonRenderer::evidence).toList();
    m.put("evidence", evidence);
    return m;
  }

  private static Map<String, Object> evidence(Evidence e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digest", e.digest());
    m.put("size", e.size());
    m.put("createdBy", e.createdBy());
    m.put("stage", e.stage());
    m.put("line", e.line() > 0 ? e.line() : null);
    m.put("path", e.path());
    return m;
  }

  private static Map<String, Object> totals(Totals t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imageSize", t.imageSize());
    m.put("imageSizeMeaning", t.imageSizeMeaning().words());
    m.put("layerBytes", t.layerBytes());
    m.put("layerSizeMeaning", t.layerSizeMeaning().words());
    m.put("layers", t.layers());
    m.put("baseLayers", t.baseLayers());
    m.put("baseBytes", t.baseBytes());
    m.put("finalStageBytes", t.finalStageBytes());
    m.put("layersByStage", t.layersByStage());
    m.put("bytesByStage", t.bytesByStage());
    m.put("keptOutBytes", t.keptOutBytes().isPresent() ? t.keptOutBytes().getAsLong() : null);
    return m;
  }
}
