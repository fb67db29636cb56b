package dev.dmsb.image;

import java.util.Locale;
import java.util.Objects;

/**
 * The platform an image is wanted for in a multi-platform index, as {@code docker pull --platform
 * os/arch[/variant]} and skopeo's {@code --override-os/--override-arch/--override-variant} name it.
 * An empty variant matches any.
 *
 * @param os {@code linux}, {@code windows}, ...
 * @param architecture in OCI's spelling: {@code amd64}, {@code arm64}, {@code arm}, ...
 * @param variant {@code v7}, {@code v8}, ..., or empty
 */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
  }

  /** This machine's platform: {@code linux/<its architecture>}, as docker picks by default. */
  public static Platform host() {
    return new Platform("linux", normalise(System.getProperty("os.arch")), "");
  }

  /**
   * Reads {@code os/arch[/variant]}.
   *
   * @throws IllegalArgumentException with a message saying how to write it
   */
  public static Platform parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "platform '" + text + "' is not os/arch[/variant] (e.g. linux/amd64, linux/arm/v7)");
    }
    return new Platform(parts[0], normalise(parts[1]), parts.length == 3 ? parts[2] : "");
  }

  /** Whether an index entry's {@code platform} (empty fields: unspecified) is this platform. */
  public boolean matches(String os, String architecture, String variant) {
    if (!os.isEmpty() && !os.equals(this.os)) {
      return false;
    }
    if (!architecture.isEmpty() && !normalise(architecture).equals(this.architecture)) {
      return false;
    }
    return this.variant.isEmpty()
        || defaultVariant(this.architecture, variant)
            .equals(defaultVariant(this.architecture, this.variant));
  }

  /** containerd's normalisation: arm64 means v8, arm means v7, when no variant is given. */
  private static String defaultVariant(String architecture, String variant) {
    if (!variant.isEmpty()) {
      return variant;
    }
    return switch (architecture) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      default -> "";
    };
  }

  private static String normalise(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i686", "386" -> "386";
      default -> arch;
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
