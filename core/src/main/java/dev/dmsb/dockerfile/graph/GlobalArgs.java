package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.ArgDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ARGs in scope for FROM and {@code --platform}: the automatic platform ARGs (BuildKit only),
 * then each ARG before the first FROM with its default or its {@code --build-arg} value (only for
 * declared ARGs), in order.
 *
 * @param values name to value for every set ARG
 * @param declared every name declared before the first FROM
 */
public record GlobalArgs(Map<String, String> values, Set<String> declared) {
  /** The automatic ARGs BuildKit defines for every build. */
  public static final List<String> AUTOMATIC =
      List.of(
          "BUILDPLATFORM",
          "BUILDOS",
          "BUILDOSVERSION",
          "BUILDARCH",
          "BUILDVARIANT",
          "TARGETPLATFORM",
          "TARGETOS",
          "TARGETOSVERSION",
          "TARGETARCH",
          "TARGETVARIANT",
          "TARGETSTAGE");

  public GlobalArgs {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    declared = Set.copyOf(declared);
  }

  /** Evaluates the ARG instructions before the first FROM. */
  public static GlobalArgs evaluate(List<Arg> metaArgs, GraphOptions options, char escape) {
    Map<String, String> scope = new LinkedHashMap<>();
    // BuildKit and Buildah define the platform ARGs; the legacy builder of 20.10 none
    if (options.semantics() != Semantics.LEGACY) {
      String arch = hostArch();
      scope.put("BUILDPLATFORM", "linux/" + arch);
      scope.put("BUILDOS", "linux");
      scope.put("BUILDOSVERSION", "");
      scope.put("BUILDARCH", arch);
      scope.put("BUILDVARIANT", "");
      String[] target = target(options.platform(), arch);
      scope.put("TARGETPLATFORM", String.join("/", target).replaceAll("/$", ""));
      scope.put("TARGETOS", target[0]);
      scope.put("TARGETOSVERSION", "");
      scope.put("TARGETARCH", target[1]);
      scope.put("TARGETVARIANT", target[2]);
      scope.put("TARGETSTAGE", options.target() == null ? "default" : options.target());
      for (String k : AUTOMATIC) {
        if (options.buildArgs().containsKey(k)) {
          scope.put(k, options.buildArgs().get(k));
        }
      }
    }
    Set<String> declared = new java.util.LinkedHashSet<>();
    for (Arg arg : metaArgs) {
      for (ArgDeclaration d : arg.declarations()) {
        declared.add(d.name());
        if (options.buildArgs().containsKey(d.name())) {
          scope.put(d.name(), options.buildArgs().get(d.name()));
        } else if (d.defaultValue() != null) {
          // A default the engine cannot expand fails the build there; here it reads as empty.
          scope.put(
              d.name(),
              ArgExpander.expand(d.defaultValue(), scope, escape, options.semantics()).value());
        } else if (!GlobalArgs.AUTOMATIC.contains(d.name())) {
          scope.remove(d.name());
        }
      }
    }
    return new GlobalArgs(scope, declared);
  }

  /** The build's {@code os/arch/variant} (variant maybe ""), as {@code --platform} gives it. */
  private static String[] target(String platform, String hostArch) {
    if (platform == null) {
      return new String[] {"linux", hostArch, ""};
    }
    String[] p = platform.toLowerCase(Locale.ROOT).split("/", -1);
    if (p.length == 1) {
      return new String[] {"linux", p[0], ""};
    }
    return new String[] {p[0], p[1], p.length > 2 ? p[2] : ""};
  }

  private static String hostArch() {
    String a = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> a;
    };
  }
}
