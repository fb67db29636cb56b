package dev.dmsb.cli;

import dev.dmsb.build.BuildxSyntax;
import dev.dmsb.engine.BuildOutput;
import java.util.List;
import java.util.Map;

/**
 * {@code -o/--output} as docker buildx reads it: {@code type=local,dest=DIR}, {@code
 * type=tar,dest=FILE}, {@code type=oci|docker,dest=FILE}, {@code type=image,name=REF[,push=true]},
 * {@code type=registry,name=REF}, or a bare {@code DIR} (local); and {@code --push} and {@code
 * --load}, its shorthands for {@code type=image,push=true} and {@code type=docker}.
 */
final class OutputOption {
  private OutputOption() {}

  static BuildOutput parse(String value) {
    try {
      return BuildxSyntax.output(value);
    } catch (IllegalArgumentException e) {
      throw bad(value, e.getMessage());
    }
  }

  /**
   * The one output of a build: {@code -o}, or {@code --push} ({@code type=image,push=true}, named
   * by the tags), or {@code --load} ({@code type=docker}, into the Docker engine); null for none.
   */
  static BuildOutput of(String output, boolean push, boolean load, List<String> tags) {
    int given = (output != null ? 1 : 0) + (push ? 1 : 0) + (load ? 1 : 0);
    if (given > 1) {
      throw new UserError(
          ExitCode.USAGE,
          "-o, --push and --load each name the build's output; give one"
              + " (e.g. -o type=image,name=REF,push=true)");
    }
    if (push) {
      if (tags.isEmpty()) {
        throw new UserError(ExitCode.USAGE, "--push needs -t NAME[:TAG] to name the image");
      }
      return new BuildOutput("image", null, Map.of("push", "true"));
    }
    if (load) {
      return new BuildOutput("docker", null, Map.of());
    }
    return output == null ? null : parse(output);
  }

  private static UserError bad(String value, String why) {
    return new UserError(
        ExitCode.USAGE, "--output " + value + ": " + why + "; e.g. -o type=local,dest=out");
  }
}
