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

  /**
   * The platform as containerd's {@code platforms.Normalize} spells it (how BuildKit prints it):
   * {@code aarch64/v8} is {@code arm64}, {@code arm} is {@code arm/v7}, {@code x86_64/v1} is {@code
   * amd64}.
   */
  static Platform normalize(String os, String architecture, String variant) {
    String a = arch(architecture == null ? "" : architecture);
    String v = variant(architecture == null ? "" : architecture.toLowerCase(Locale.ROOT), variant);
    v = v == null ? "" : v.toLowerCase(Locale.ROOT);
    switch (a) {
      case "amd64" -> v = v.equals("v1") ? "" : v;
      case "arm64" -> v = v.matches("v?8(\\.0)?") ? "" : v.matches("v?9(\\.0)?") ? "v9" : v;
      case "arm" -> v = v.isEmpty() || v.equals("7") ? "v7" : v.matches("[568]") ? "v" + v : v;
      case "386" -> v = "";
      default -> {}
    }
    return new Platform(os == null ? "" : os.toLowerCase(Locale.ROOT), a, v);
  }

  /**
   * Whether a BuildKit worker on this machine runs {@code p} without emulation (what its worker
   * reports as supported: amd64 also runs 386, arm64 also arm), so that a build with no platform
   * asked adopts an image of it.
   */
  static boolean runsNatively(Platform p) {
    String host = arch(System.getProperty("os.arch", "amd64"));
    if (!p.os().equals("linux")) {
      return false;
    }
    return p.architecture().equals(host)
        || host.equals("amd64") && p.architecture().equals("386")
        || host.equals("arm64") && p.architecture().equals("arm");
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
