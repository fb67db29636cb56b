package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.CheckConfig;
import dev.dmsb.dockerfile.check.Rule;
import dev.dmsb.dockerfile.check.Rules;
import dev.dmsb.dockerfile.instruction.Suggestion;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --skip} and {@code --error-on}: which lint rules to leave out and which to fail on, added
 * to the Dockerfile's own {@code # check=skip=...;error=true} directive (BuildKit's). Shared by
 * {@code dmsb lint} and {@code dmsb build}; use with {@code @Mixin}.
 */
public final class CheckOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--skip",
      paramLabel = "RULE[,RULE]|all",
      split = ",",
      description =
          "Do not report these rules (repeatable; 'all': every rule that is not an error), like"
              + " '# check=skip=...' in the Dockerfile.")
  List<String> skip = new ArrayList<>();

  @Option(
      names = "--error-on",
      paramLabel = "RULE[,RULE]|all",
      split = ",",
      description =
          "Report these rules' findings as errors, so that they fail (repeatable; 'all': every"
              + " finding). '# check=error=true' does it for BuildKit's build checks.")
  List<String> errorOn = new ArrayList<>();

  /** The rules chosen; an unknown rule, or skipping an error, is a usage error (exit 2). */
  public CheckConfig config() {
    for (String id : skip) {
      String name = known(id, "--skip");
      Rule r = name == null ? null : Rules.byId(name).orElse(null);
      if (r != null && !CheckConfig.skippable(r)) {
        throw new ParameterException(
            spec.commandLine(),
            "--skip "
                + id
                + ": "
                + id
                + " finds what makes the engine fail the build; it cannot be skipped");
      }
    }
    for (String id : errorOn) {
      known(id, "--error-on");
    }
    return CheckConfig.ofFlags(skip, errorOn);
  }

  private String known(String id, String option) {
    if (id.equals("all") || Rules.exists(id)) {
      return id;
    }
    String near = Suggestion.closest(id, Rules.all().stream().map(Rule::id).toList());
    throw new ParameterException(
        spec.commandLine(),
        option
            + " "
            + id
            + ": no such rule"
            + (near == null ? "" : " (did you mean " + near + "?)")
            + "; docs/rules.md lists them");
  }
}
