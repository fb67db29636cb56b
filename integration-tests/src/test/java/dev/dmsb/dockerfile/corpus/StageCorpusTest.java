package dev.dmsb.dockerfile.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.check.Severity;
import dev.dmsb.dockerfile.corpus.CorpusCase.Builder;
import dev.dmsb.dockerfile.corpus.CorpusCase.Expectation;
import dev.dmsb.dockerfile.graph.GraphOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus without the engine: dmsb's lint verdict on every case matches the table, and the table
 * itself is consistent (an error from dmsb means the engine fails, unless the case says why dmsb
 * deliberately goes further; a clean verdict means the engine builds). {@link StageCorpusIT} checks
 * the engine column against the real engine.
 */
class StageCorpusTest {

  static Stream<Arguments> casesAndBuilders() {
    return CorpusCase.all().stream()
        .flatMap(c -> Stream.of(Builder.values()).map(b -> Arguments.of(c, b)));
  }

  /** dmsb's error rule ids for the case with this builder's semantics. */
  static Set<String> lintErrors(CorpusCase c, Builder b) {
    return errors(lint(c, b));
  }

  static LintResult lint(CorpusCase c, Builder b) {
    return Linter.lint(
        "Dockerfile",
        c.dockerfile(),
        new LintOptions(new GraphOptions(Map.of(), c.target(), b.semantics)));
  }

  private static Set<String> errors(LintResult r) {
    return r.diagnostics().stream()
        .filter(d -> d.severity() == Severity.ERROR)
        .map(Diagnostic::ruleId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("casesAndBuilders")
  void lintVerdictMatchesTheTable(CorpusCase c, Builder b) {
    LintResult r = lint(c, b);
    assertThat(errors(r))
        .as(
            "%s with %s: dmsb's errors (table says %s); all findings: %s",
            c, b, c.expected().get(b).lintText(), describe(r))
        .isEqualTo(c.expected().get(b).lintErrors());
  }

  @Test
  void anErrorMeansTheEngineFailsUnlessTheDifferenceIsDeliberate() {
    List<String> wrong = new ArrayList<>();
    for (CorpusCase c : CorpusCase.all()) {
      for (Builder b : Builder.values()) {
        Expectation e = c.expected().get(b);
        String where = c + " [" + b + "]: ";
        boolean error = !e.lintErrors().isEmpty();
        if (error && e.builds() && e.difference() == null) {
          wrong.add(where + "dmsb reports an error, the engine builds, and no difference is given");
        }
        if (e.difference() != null && !(error && e.builds())) {
          wrong.add(where + "a difference is given, but dmsb and the engine agree");
        }
        if (!error && !e.builds() && e.gap() == null) {
          wrong.add(where + "dmsb says clean, but the engine fails: " + e.errorFragment());
        }
        if (e.gap() != null && (error || e.builds())) {
          wrong.add(where + "a gap is given, but dmsb and the engine agree");
        }
      }
    }
    assertThat(wrong).as("inconsistent rows of the corpus table").isEmpty();
  }

  @Test
  void theCorpusCoversEveryStageReferenceRule() {
    Set<String> seen = new TreeSet<>();
    for (CorpusCase c : CorpusCase.all()) {
      for (Builder b : Builder.values()) {
        seen.addAll(c.expected().get(b).lintErrors());
        lint(c, b).diagnostics().forEach(d -> seen.add(d.ruleId()));
      }
    }
    assertThat(seen)
        .contains(
            "UndefinedStage",
            "ForwardStageReference",
            "SelfStageReference",
            "StageCycle",
            "StageIndexOutOfRange",
            "FromLaterStage",
            "FromStageCasing",
            "FromStageIndex",
            "DuplicateStageName",
            "ReservedStageName",
            "InvalidStageName",
            "VariableInStageReference",
            "PlatformOnStageReference",
            "MountFromIndex",
            "InstructionBeforeFrom",
            "NoStages",
            "EmptyDockerfile",
            "UnknownTarget",
            "UnreachableStage",
            "BuildKitOnly");
  }

  @Test
  void theSeedsFourReferenceKindsLintClean() {
    List<CorpusCase> seeds =
        CorpusCase.all().stream().filter(c -> c.name().startsWith("seed-")).toList();
    assertThat(seeds).hasSize(4);
    for (CorpusCase c : seeds) {
      for (Builder b : Builder.values()) {
        assertThat(lintErrors(c, b)).as("%s [%s]", c, b).isEmpty();
      }
    }
  }

  static String describe(LintResult r) {
    return r.diagnostics().stream()
        .map(d -> d.severity().label() + "[" + d.ruleId() + "] " + d.location() + " " + d.message())
        .collect(Collectors.joining("; ", "[", "]"));
  }
}
