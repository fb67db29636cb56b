package dev.dmsb.dockerfile.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which findings to report and which fail: BuildKit's {@code # check=skip=A,B;error=true;
 * experimental=C} directive (its syntax and meaning) merged with dmsb's {@code --skip} and {@code
 * --error-on}. A skipped rule is not reported; a rule that errors is reported as an error. {@code
 * all} names every rule that can be skipped (errors, where the build fails, cannot be), or under
 * {@code error=true} every BuildKit build check, as in BuildKit.
 *
 * @param skip rules not to report
 * @param skipAll skip every rule that can be skipped
 * @param errorOn rules whose findings are errors
 * @param errorOnAll every finding is an error ({@code --error-on all})
 * @param errorOnChecks every BuildKit build check's finding is an error ({@code error=true})
 * @param experimental BuildKit's experimental checks to run
 * @param experimentalAll run every experimental check
 */
public record CheckConfig(
    Set<String> skip,
    boolean skipAll,
    Set<String> errorOn,
    boolean errorOnAll,
    boolean errorOnChecks,
    Set<String> experimental,
    boolean experimentalAll) {
  public CheckConfig {
    skip = Set.copyOf(skip);
    errorOn = Set.copyOf(errorOn);
    experimental = Set.copyOf(experimental);
  }

  /** Every rule but the experimental ones, as written. */
  public static CheckConfig defaults() {
    return new CheckConfig(Set.of(), false, Set.of(), false, false, Set.of(), false);
  }

  /**
   * From {@code --skip} and {@code --error-on} values: rule ids, comma-separated or repeated, or
   * {@code all}.
   */
  public static CheckConfig ofFlags(List<String> skip, List<String> errorOn) {
    Set<String> s = split(skip);
    Set<String> e = split(errorOn);
    boolean skipAll = s.remove("all");
    boolean errorAll = e.remove("all");
    return new CheckConfig(s, skipAll, e, errorAll, false, Set.of(), false);
  }

  private static Set<String> split(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /**
   * Reads the value of a {@code # check=} directive as BuildKit does: up to three {@code key=value}
   * parts split by {@code ;}, keys {@code skip}, {@code error}, {@code experimental}.
   *
   * @throws IllegalArgumentException with BuildKit's reason when the value is not one
   */
  public static CheckConfig parseDirective(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      return defaults();
    }
    Set<String> skip = new LinkedHashSet<>();
    Set<String> experimental = new LinkedHashSet<>();
    boolean skipAll = false;
    boolean experimentalAll = false;
    boolean error = false;
    for (String part : v.split(";", 3)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("invalid check option \"" + part + "\"");
      }
      String key = part.substring(0, eq).strip();
      String val = part.substring(eq + 1).strip();
      switch (key) {
        case "skip" -> {
          if (val.equals("all")) {
            skipAll = true;
          } else {
            skip.addAll(split(List.of(val)));
          }
        }
        case "experimental" -> {
          if (val.equals("all")) {
            experimentalAll = true;
          } else {
            experimental.addAll(split(List.of(val)));
          }
        }
        case "error" -> error = parseBool(part, val);
        default -> throw new IllegalArgumentException("invalid check option \"" + key + "\"");
      }
    }
    return new CheckConfig(skip, skipAll, Set.of(), false, error, experimental, experimentalAll);
  }

  /** Go's strconv.ParseBool, which BuildKit uses for {@code error=}. */
  private static boolean parseBool(String part, String val) {
    return switch (val) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default ->
          throw new IllegalArgumentException(
              "failed to parse check option \"" + part + "\": invalid syntax");
    };
  }

  /** Both: the union of what each skips, errors on and enables. */
  public CheckConfig merge(CheckConfig o) {
    return new CheckConfig(
        union(skip, o.skip),
        skipAll || o.skipAll,
        union(errorOn, o.errorOn),
        errorOnAll || o.errorOnAll,
        errorOnChecks || o.errorOnChecks,
        union(experimental, o.experimental),
        experimentalAll || o.experimentalAll);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** Whether a rule can be skipped: not an error, where the build fails anyway. */
  public static boolean skippable(Rule r) {
    return r.severity() != Severity.ERROR;
  }

  /** Whether findings of {@code r} are to be reported. */
  public boolean reports(Rule r) {
    if (BuildKitRules.EXPERIMENTAL.contains(r.id())) {
      return experimentalAll || experimental.contains(r.id());
    }
    return !skippable(r) || !(skipAll || skip.contains(r.id()));
  }

  /** The severity to report a finding of {@code r} with, found with {@code severity}. */
  public Severity severity(Rule r, Severity severity) {
    if (errorOnAll || errorOn.contains(r.id()) || (errorOnChecks && r.isBuildKitCheck())) {
      return Severity.ERROR;
    }
    return severity;
  }

  /** Names given that are no rule (so that a typo does not silently skip nothing). */
  public List<String> unknownRules() {
    List<String> out = new ArrayList<>();
    for (Set<String> names : List.of(skip, errorOn, experimental)) {
      for (String n : names) {
        if (!Rules.exists(n) && !out.contains(n)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** The rules skipped, by id in documentation order (every skippable one under {@code all}). */
  public List<String> skippedRules() {
    List<String> out = new ArrayList<>();
    for (Rule r : Rules.all()) {
      if (!BuildKitRules.EXPERIMENTAL.contains(r.id()) && !reports(r)) {
        out.add(r.id());
      }
    }
    return out;
  }

  /** The rules whose findings are raised to errors, by id in documentation order. */
  public List<String> erroringRules() {
    List<String> out = new ArrayList<>();
    for (Rule r : Rules.all()) {
      if (reports(r)
          && severity(r, Severity.INFO) == Severity.ERROR
          && r.severity() != Severity.ERROR) {
        out.add(r.id());
      }
    }
    return out;
  }

  /** {@code skip=...;error=...} as a note for reports. */
  @Override
  public String toString() {
    return "skip="
        + String.join(",", skippedRules())
        + ";error-on="
        + String.join(",", erroringRules());
  }
}
