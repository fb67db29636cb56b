package dev.dmsb.dockerfile.check;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Platform specifiers ({@code os[/arch[/variant]]} or {@code arch}) as containerd reads them. */
final class Platforms {
  private Platforms() {}

  /** A normalized platform. */
  record Platform(String os, String architecture, String variant) {
    @Override
    public String toString() {
      return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
  }

  private static final Set<String> OSES =
      Set.of(
          "aix",
          "android",
          "darwin",
          "dragonfly",
          "freebsd",
          "illumos",
          "ios",
          "js",
          "linux",
          "netbsd",
          "openbsd",
          "plan9",
          "solaris",
          "wasip1",
          "windows");

  /** The platform, or empty when containerd would refuse the text. */
  static Optional<Platform> parse(String spec) {
    String s = spec.strip();
    if (s.isEmpty() || !s.matches("[A-Za-z0-9_./-]+")) {
      return Optional.empty();
    }
    String[] parts = s.toLowerCase(Locale.ROOT).split("/", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        return Optional.empty();
      }
    }
    switch (parts.length) {
      case 1 -> {
        if (OSES.contains(parts[0])) {
          return Optional.of(new Platform(parts[0], hostArch(), ""));
        }
        return Optional.of(new Platform("linux", arch(parts[0]), variant(parts[0], "")));
      }
      case 2 -> {
        return Optional.of(new Platform(parts[0], arch(parts[1]), variant(parts[1], "")));
      }
      case 3 -> {
        return Optional.of(new Platform(parts[0], arch(parts[1]), variant(parts[1], parts[2])));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** containerd's architecture aliases: x86_64 is amd64, aarch64 is arm64. */
  static String arch(String a) {
    return switch (a.toLowerCase(Locale.ROOT)) {
      case "x86_64", "x86-64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "armhf", "armel", "arm" -> "arm";
      case "i386", "386" -> "386";
      default -> a.toLowerCase(Locale.ROOT);
    };
  }

  private static String variant(String a, String v) {
    return switch (a) {
      case "armhf" -> "v7";
      case "armel" -> "v6";
      default -> v;
    };
  }

  private static String hostArch() {
    return arch(System.getProperty("os.arch", "amd64"));
  }
}
