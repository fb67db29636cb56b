package dev.dmsb.image;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where an image lives, named as skopeo names it ({@code TRANSPORT:DETAILS}). A reference without a
 * transport is an image in the Docker engine, as it always was for dmsb.
 *
 * <ul>
 *   <li>{@code docker://REF}: a registry, read through the registry API ({@link Registry})
 *   <li>{@code oci:DIR[:REF]}: an OCI image layout folder ({@link OciLayout})
 *   <li>{@code oci-archive:FILE[:REF]}: a tar of an OCI image layout ({@link OciArchive})
 *   <li>{@code docker-archive:FILE[:REF]}: a {@code docker save} archive ({@link DockerArchive})
 *   <li>{@code docker-daemon:REF} or a bare {@code REF}: the Docker engine ({@link DockerDaemon})
 * </ul>
 */
public sealed interface ImageReference {

  /** Transports of containers/image that dmsb does not read. */
  Set<String> UNSUPPORTED = Set.of("containers-storage", "dir", "ostree", "sif", "tarball");

  /**
   * The name of the image within its place: a reference, a ref name, or empty for "the only one".
   */
  String image();

  /** The reference as skopeo spells it. */
  @Override
  String toString();

  /** An image in the Docker engine. */
  record DockerDaemon(String image) implements ImageReference {
    public DockerDaemon {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return "docker-daemon:" + image;
    }
  }

  /** An image in a registry: {@code host[:port]/repository[:tag|@digest]}. */
  record Registry(String image) implements ImageReference {
    public Registry {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return "docker://" + image;
    }
  }

  /** An image in an OCI layout folder; an empty {@code image} is its only image. */
  record OciLayout(Path path, String image) implements ImageReference {
    public OciLayout {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return "oci:" + path + (image.isEmpty() ? "" : ":" + image);
    }
  }

  /** An image in a tar of an OCI layout; an empty {@code image} is its only image. */
  record OciArchive(Path path, String image) implements ImageReference {
    public OciArchive {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return "oci-archive:" + path + (image.isEmpty() ? "" : ":" + image);
    }
  }

  /** An image in a {@code docker save} archive; an empty {@code image} is its only image. */
  record DockerArchive(Path path, String image) implements ImageReference {
    public DockerArchive {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return "docker-archive:" + path + (image.isEmpty() ? "" : ":" + image);
    }
  }

  /**
   * The name within its place that {@code text} gives: {@code app} for {@code oci:/dir:app}, {@code
   * r/app:1} for {@code docker://r/app:1}, the text itself for a bare reference. Sources accept a
   * whole reference through this, so that a report can show what the user wrote.
   */
  static String nameWithin(String text) {
    try {
      return parse(text).image();
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException with a message that says what is wrong and how to write it
   */
  static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("the image reference is empty");
    }
    int colon = text.indexOf(':');
    String transport = colon < 0 ? "" : text.substring(0, colon);
    String rest = colon < 0 ? "" : text.substring(colon + 1);
    switch (transport) {
      case "docker":
        if (!rest.startsWith("//") || rest.length() == 2) {
          throw new IllegalArgumentException(
              "'" + text + "': a registry reference is written docker://HOST/REPOSITORY[:TAG]");
        }
        return new Registry(rest.substring(2));
      case "docker-daemon":
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(
              "'" + text + "': write docker-daemon:NAME[:TAG] or docker-daemon:IMAGE-ID");
        }
        return new DockerDaemon(rest);
      case "oci":
      case "oci-archive":
      case "docker-archive":
        int split = rest.indexOf(':');
        String path = split < 0 ? rest : rest.substring(0, split);
        String image = split < 0 ? "" : rest.substring(split + 1);
        if (path.isEmpty()) {
          throw new IllegalArgumentException(
              "'" + text + "': write " + transport + ":PATH[:REFERENCE]");
        }
        return switch (transport) {
          case "oci" -> new OciLayout(Path.of(path), image);
          case "oci-archive" -> new OciArchive(Path.of(path), image);
          default -> new DockerArchive(Path.of(path), image);
        };
      default:
        if (UNSUPPORTED.contains(transport)) {
          throw new IllegalArgumentException(
              "'"
                  + text
                  + "': dmsb does not read the "
                  + transport
                  + ": transport; use docker://, oci:, oci-archive:, docker-archive: or"
                  + " docker-daemon:");
        }
        return new DockerDaemon(text);
    }
  }
}
