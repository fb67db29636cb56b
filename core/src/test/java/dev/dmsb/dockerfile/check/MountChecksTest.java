package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MountChecksTest {
  static final String DF =
      "FROM alpine:3.20\n"
          + "RUN --mount=type=secret,id=tok,required=true cat /run/secrets/tok\n"
          + "RUN --mount=type=secret,target=/run/secrets/other cat /run/secrets/other\n"
          + "RUN --mount=type=ssh ssh-add -l\n"
          + "RUN --mount=type=ssh,id=deploy,required ssh-add -l\n";

  private static List<Diagnostic> findings(Set<String> secrets, Set<String> ssh) {
    LintOptions options = new LintOptions(GraphOptions.defaults()).forBuild(secrets, ssh);
    return Linter.lint("Dockerfile", DF, options).diagnostics().stream()
        .filter(d -> d.rule() == Rules.UNSUPPLIED_BUILD_MOUNT)
        .toList();
  }

  @Test
  void unsuppliedMountsAreErrorsWhenRequiredAndWarningsOtherwise() {
    List<Diagnostic> d = findings(Set.of(), Set.of());
    assertThat(d).extracting(x -> x.range().start().line()).containsExactly(2, 3, 4, 5);
    assertThat(d)
        .extracting(Diagnostic::severity)
        .containsExactly(Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.ERROR);
    assertThat(d.get(0).message()).contains("'tok'").contains("--secret id=tok,src=FILE");
    assertThat(d.get(1).message()).contains("'other'");
    assertThat(d.get(2).message()).contains("'default'").contains("--ssh default");
    assertThat(d.get(3).message()).contains("--ssh deploy=SOCKET");
  }

  @Test
  void suppliedIdsAndALintWithoutABuildGiveNone() {
    assertThat(findings(Set.of("tok", "other"), Set.of("default", "deploy"))).isEmpty();
    assertThat(
            Linter.lint("Dockerfile", DF, LintOptions.defaults()).diagnostics().stream()
                .filter(x -> x.rule() == Rules.UNSUPPLIED_BUILD_MOUNT))
        .isEmpty();
  }
}
