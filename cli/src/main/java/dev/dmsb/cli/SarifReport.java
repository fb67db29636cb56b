package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Rule;
import dev.dmsb.dockerfile.check.Rules;
import dev.dmsb.dockerfile.check.Severity;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SARIF 2.1.0 for GitHub code scanning: every rule with its help text, one result per finding. */
final class SarifReport {
  private final String version;

  SarifReport(String version) {
    this.version = version;
  }

  void write(LintResult result, PrintWriter out) {
    List<Rule> rules = Rules.all();
    List<Map<String, Object>> ruleList = new ArrayList<>();
    for (Rule r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("name", r.id());
      m.put("shortDescription", Map.of("text", r.title()));
      m.put("fullDescription", Map.of("text", r.description()));
      m.put(
          "help",
          Map.of(
              "text",
              r.description() + "\n\nBad:\n" + r.bad() + "\n\nGood:\n" + r.good(),
              "markdown",
              r.doc()));
      m.put("defaultConfiguration", Map.of("level", level(r.severity())));
      if (r.url() != null) {
        m.put("helpUri", r.url());
      }
      ruleList.add(m);
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", d.ruleId());
      m.put("ruleIndex", rules.indexOf(d.rule()));
      m.put("level", level(d.severity()));
      String text = d.message() + (d.suggestion() == null ? "" : " (help: " + d.suggestion() + ")");
      m.put("message", Map.of("text", text));
      m.put("locations", List.of(location(d.file(), d.range())));
      if (!d.related().isEmpty()) {
        List<Map<String, Object>> related = new ArrayList<>();
        for (SourceRange r : d.related()) {
          related.add(location(d.file(), r));
        }
        m.put("relatedLocations", related);
      }
      results.add(m);
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "dmsb");
    driver.put("version", version);
    driver.put("informationUri", "https://github.com/dmsb/dmsb");
    driver.put("rules", ruleList);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("invocations", List.of(invocation(result, rules)));
    run.put("results", results);
    Map<String, Object> sarif = new LinkedHashMap<>();
    sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    sarif.put("version", "2.1.0");
    sarif.put("runs", List.of(run));
    JsonReport.print(sarif, out);
  }

  /** The rules skipped ({@code enabled: false}) and raised to errors, as SARIF overrides. */
  private static Map<String, Object> invocation(LintResult result, List<Rule> rules) {
    List<Map<String, Object>> overrides = new ArrayList<>();
    for (String id : result.checks().skippedRules()) {
      overrides.add(override(id, rules, Map.of("enabled", false)));
    }
    for (String id : result.checks().erroringRules()) {
      overrides.add(override(id, rules, Map.of("level", "error")));
    }
    Map<String, Object> inv = new LinkedHashMap<>();
    inv.put("executionSuccessful", true);
    if (!overrides.isEmpty()) {
      inv.put("ruleConfigurationOverrides", overrides);
    }
    return inv;
  }

  private static Map<String, Object> override(
      String id, List<Rule> rules, Map<String, Object> configuration) {
    int index = -1;
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
        index = i;
      }
    }
    return Map.of("descriptor", Map.of("id", id, "index", index), "configuration", configuration);
  }

  private static Map<String, Object> location(String file, SourceRange r) {
    Map<String, Object> region = new LinkedHashMap<>();
    region.put("startLine", r.start().line());
    region.put("startColumn", r.start().column());
    region.put("endLine", r.end().line());
    // SARIF's endColumn is exclusive, like dmsb's; an empty range still marks one column.
    int endColumn = r.end().column();
    if (r.end().line() == r.start().line() && endColumn <= r.start().column()) {
      endColumn = r.start().column() + 1;
    }
    region.put("endColumn", endColumn);
    return Map.of(
        "physicalLocation", Map.of("artifactLocation", Map.of("uri", file), "region", region));
  }

  private static String level(Severity s) {
    return switch (s) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }
}
