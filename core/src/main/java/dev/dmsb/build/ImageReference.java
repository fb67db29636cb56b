package dev.dmsb.build;

/** The registry part of an image reference, with Docker's rules. */
final class ImageReference {
  static final String DOCKER_HUB = "docker.io";

  private ImageReference() {}

  /**
   * The registry host of {@code reference}: its first component when that has a {@code .} or {@code
   * :} or is {@code localhost}, else Docker Hub.
   */
  static String registry(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = reference.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return first;
    }
    return DOCKER_HUB;
  }
}
