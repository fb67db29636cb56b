package dev.dmsb.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Where a BuildKit build writes its result instead of the engine's image store ({@code -o}, in
 * buildx's terms): the final stage's files into a folder ({@code local}) or a tar file ({@code
 * tar}), an image pushed to a registry ({@code image}, {@code registry}), an OCI or docker image
 * archive ({@code oci}, {@code docker}; a {@code docker} archive without a file is loaded into the
 * Docker engine, as {@code --load} does), or an OCI layout folder ({@code tar=false}). Files come
 * back through the session.
 *
 * @param type {@code local}, {@code tar}, {@code image}, {@code registry}, {@code oci} or {@code
 *     docker}
 * @param dest the folder or file written, or null for an image or a load
 * @param attrs the exporter's other attributes ({@code name}, {@code push}, ...), as given
 */
public record BuildOutput(String type, Path dest, Map<String, String> attrs) {
  /** The exporters dmsb knows. */
  public static final Set<String> TYPES =
      Set.of("local", "tar", "image", "registry", "oci", "docker");

  public BuildOutput {
    attrs = Map.copyOf(attrs);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "an output is of type local, tar, image, registry, oci or docker, not " + type);
    }
    if (dest == null && (type.equals("local") || type.equals("tar") || type.equals("oci"))) {
      throw new IllegalArgumentException("a " + type + " output needs dest");
    }
  }

  /** Files into a folder ({@code local}) or a tar file ({@code tar}). */
  public BuildOutput(String type, Path dest) {
    this(type, dest, Map.of());
  }

  /** Whether the result comes back through the session as files ({@code local}). */
  public boolean files() {
    return type.equals("local");
  }

  /** Whether the result comes back through the session as one archive written to a file. */
  public boolean archive() {
    return type.equals("tar") || ((type.equals("oci") || type.equals("docker")) && !layout());
  }

  /**
   * Whether the image is written into an OCI layout folder ({@code type=oci|docker,tar=false}),
   * blob by blob through a content store on the session.
   */
  public boolean layout() {
    return (type.equals("oci") || type.equals("docker")) && "false".equals(attrs.get("tar"));
  }

  /** Whether the result is an image that a registry or the Docker engine receives. */
  public boolean image() {
    return type.equals("image") || type.equals("registry");
  }
}
