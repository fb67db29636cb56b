package dev.dmsb.cli;

import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tags of several targets ({@code dmsb build --target a --target b}): each {@code -t} names its
 * target as {@code TARGET=REF} ({@code =} cannot occur in an image reference, so the form is never
 * ambiguous); a target may have several tags or none. With one target, tags are as always.
 */
final class TargetTags {
  private TargetTags() {}

  /** Target → its tags, in the order of {@code targets}. */
  static Map<String, List<String>> of(List<String> targets, List<String> tags) {
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    for (String t : targets) {
      if (byTarget.put(t, new ArrayList<>()) != null) {
        throw new UserError(ExitCode.USAGE, "--target " + t + " was given twice");
      }
    }
    for (String tag : tags) {
      int eq = tag.indexOf('=');
      if (eq <= 0) {
        throw new UserError(
            ExitCode.USAGE,
            "-t "
                + tag
                + ": with several targets each tag names its target as TARGET=REF, e.g. -t "
                + targets.get(0)
                + "="
                + tag);
      }
      String target = tag.substring(0, eq);
      List<String> list = byTarget.get(target);
      if (list == null) {
        throw new UserError(
            ExitCode.USAGE,
            "-t "
                + tag
                + ": "
                + target
                + " is not one of the targets "
                + String.join(", ", targets));
      }
      list.add(tag.substring(eq + 1));
    }
    return byTarget;
  }

  /** One build per target, tagged as {@link #of} says. */
  static List<BuildSpec> specs(BuildSpec spec, List<String> targets, List<String> tags) {
    List<BuildSpec> specs = new ArrayList<>();
    of(targets, tags).forEach((t, refs) -> specs.add(spec.forTarget(t, refs)));
    return specs;
  }

  /** {@code TARGET ID} per line, in the order given (the ID empty when nothing names it). */
  static void print(PrintWriter out, List<String> targets, List<BuildResult> results) {
    for (int i = 0; i < targets.size(); i++) {
      out.println(targets.get(i) + " " + results.get(i).imageId());
    }
    out.flush();
  }
}
