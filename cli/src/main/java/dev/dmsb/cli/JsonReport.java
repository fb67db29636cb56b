package dev.dmsb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {"diagnostics":[{rule, severity, message, file, line, column, endLine, ..., url}],
 * "checks":{"skipped":[...], "errorOn":[...]}}}: the findings, and the rules {@code --skip}, {@code
 * --error-on} and the file's {@code # check=} directive left out or raised to errors.
 */
final class JsonReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(LintResult result, PrintWriter out) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", d.ruleId());
      m.put("severity", d.severity().label());
      m.put("message", d.message());
      m.put("file", d.file());
      m.put("line", d.range().start().line());
      m.put("column", d.range().start().column());
      m.put("endLine", d.range().end().line());
      m.put("endColumn", d.range().end().column());
      m.put("stage", d.stage());
      m.put("suggestion", d.suggestion());
      m.put("url", d.rule().url());
      list.add(m);
    }
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("skipped", result.checks().skippedRules());
    checks.put("errorOn", result.checks().erroringRules());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("diagnostics", list);
    report.put("checks", checks);
    print(report, out);
  }

  static void print(Object value, PrintWriter out) {
    try {
      out.println(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    out.flush();
  }
}
