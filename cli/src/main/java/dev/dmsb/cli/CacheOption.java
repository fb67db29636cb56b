package dev.dmsb.cli;

import dev.dmsb.build.BuildxSyntax;
import dev.dmsb.engine.BuildCache;
import java.util.List;

/**
 * {@code --cache-from} and {@code --cache-to} as docker buildx spells them: {@code
 * type=registry,ref=REF[,mode=max]}, {@code type=inline}, {@code type=local,src=DIR} (from) and
 * {@code type=local,dest=DIR} (to); a bare {@code REF} is a registry reference.
 */
final class CacheOption {
  private CacheOption() {}

  static BuildCache of(List<String> from, List<String> to) {
    return new BuildCache(
        from.stream().map(v -> parse(v, "--cache-from")).toList(),
        to.stream().map(v -> parse(v, "--cache-to")).toList());
  }

  static BuildCache.Entry parse(String value, String flag) {
    try {
      return BuildxSyntax.cache(value, flag.equals("--cache-to"));
    } catch (IllegalArgumentException e) {
      throw bad(flag, value, e.getMessage());
    }
  }

  private static UserError bad(String flag, String value, String why) {
    String example =
        !value.contains("type=local")
            ? "type=registry,ref=host/app:cache"
            : flag.equals("--cache-to") ? "type=local,dest=DIR" : "type=local,src=DIR";
    return new UserError(
        ExitCode.USAGE, flag + " " + value + ": " + why + "; e.g. " + flag + " " + example);
  }
}
