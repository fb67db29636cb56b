package dev.dmsb.build;

import dev.dmsb.engine.BuildOutput;
import dev.dmsb.image.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * Where the image of a finished build can be read back, named as skopeo names places: the Docker
 * engine's image ({@code docker-daemon:}, for a build into the engine and for {@code --load}), the
 * pushed manifest by its digest ({@code docker://REPO@DIGEST}), or the archive written ({@code
 * oci-archive:FILE}, {@code oci:DIR} for {@code tar=false}, {@code docker-archive:FILE}). Used by
 * {@code dmsb build --verify} and the Java API's {@code expect}, which verify the image where it
 * went.
 */
public final class ResultImage {
  private ResultImage() {}

  /** Why a build leaves no image to read back; each front end says it in its own words. */
  public enum Missing {
    /** A BuildKit daemon built with no output: the result stays in its build cache. */
    NO_OUTPUT,
    /** The output is the final stage's files ({@code local}, {@code tar}), not an image. */
    FILES,
    /** {@code type=image} without {@code push=true} on a daemon: the image stays in the daemon. */
    NOT_PUSHED
  }

  /**
   * The image to read back and the name reports give it.
   *
   * @param reference where it is
   * @param name the name for reports: {@code REPO@DIGEST}, the archive's path, or the image ID
   */
  public record Located(ImageReference reference, String name) {}

  /**
   * Why a build with {@code output} leaves no image to verify, known before it runs; empty when it
   * leaves one.
   *
   * @param onDaemon whether it builds on a BuildKit daemon, which has no image store
   */
  public static Optional<Missing> missing(BuildOutput output, boolean onDaemon) {
    if (output == null) {
      return onDaemon ? Optional.of(Missing.NO_OUTPUT) : Optional.empty();
    }
    if (output.type().equals("local") || output.type().equals("tar")) {
      return Optional.of(Missing.FILES);
    }
    if (output.image() && !pushed(output) && onDaemon) {
      return Optional.of(Missing.NOT_PUSHED);
    }
    return Optional.empty();
  }

  /**
   * Where the image of {@code result}, built with {@code output}, is; empty when there is none or
   * the build named none (an engine's classic {@code /build} names no image for an output).
   */
  public static Optional<Located> of(BuildOutput output, BuildResult result) {
    String id = result.imageId();
    if (output == null || output.type().equals("docker") && output.dest() == null) {
      // Built into the engine, or loaded into it: the ID is the engine's image ID.
      return id.isEmpty()
          ? Optional.empty()
          : Optional.of(new Located(new ImageReference.DockerDaemon(id), id));
    }
    if (output.dest() != null && output.type().equals("docker")) {
      return Optional.of(
          new Located(
              new ImageReference.DockerArchive(output.dest(), ""),
              "docker-archive:" + output.dest()));
    }
    if (output.dest() != null && output.type().equals("oci")) {
      if ("false".equalsIgnoreCase(output.attrs().getOrDefault("tar", "true"))) {
        return Optional.of(
            new Located(new ImageReference.OciLayout(output.dest(), ""), "oci:" + output.dest()));
      }
      return Optional.of(
          new Located(
              new ImageReference.OciArchive(output.dest(), ""), "oci-archive:" + output.dest()));
    }
    if (output.image() && pushed(output) && id.startsWith("sha256:")) {
      String repository = repository(output, result.tags());
      if (repository == null) {
        return Optional.empty();
      }
      String name = repository + "@" + id;
      return Optional.of(new Located(new ImageReference.Registry(name), name));
    }
    if (output.image() && !pushed(output) && !id.isEmpty()) {
      // An engine's BuildKit keeps type=image in its image store.
      return Optional.of(new Located(new ImageReference.DockerDaemon(id), id));
    }
    return Optional.empty();
  }

  private static boolean pushed(BuildOutput output) {
    return output.type().equals("registry")
        || "true".equalsIgnoreCase(output.attrs().getOrDefault("push", "false"));
  }

  /** The repository pushed to: the output's first {@code name}, else the first tag, untagged. */
  private static String repository(BuildOutput output, List<String> tags) {
    String names = output.attrs().get("name");
    String first =
        names != null && !names.isBlank()
            ? names.split(",")[0].strip()
            : tags.isEmpty() ? null : tags.get(0);
    if (first == null) {
      return null;
    }
    String untagged = first.replaceFirst("@.*$", "");
    int colon = untagged.lastIndexOf(':');
    return colon > untagged.lastIndexOf('/') ? untagged.substring(0, colon) : untagged;
  }
}
