package dev.dmsb.registry;

/**
 * An image reference split as the registry API needs it: {@code 127.0.0.1:5000/team/app:1} is host
 * {@code 127.0.0.1:5000}, repository {@code team/app}, reference {@code 1}. Names without a host
 * are Docker Hub's ({@code docker.io}, {@code library/} for single names), tags default to {@code
 * latest}.
 *
 * @param host the registry host as named ({@code docker.io} for Docker Hub)
 * @param repository the repository path
 * @param reference the tag or the digest ({@code sha256:...})
 */
public record RegistryReference(String host, String repository, String reference) {

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException when it is not a valid image reference
   */
  public static RegistryReference parse(String image) {
    String rest = image;
    String host = "docker.io";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        host = first;
        rest = rest.substring(slash + 1);
      }
    }
    String reference = "latest";
    int at = rest.indexOf('@');
    if (at >= 0) {
      reference = rest.substring(at + 1);
      rest = rest.substring(0, at);
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon > rest.lastIndexOf('/')) {
        reference = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
      }
    }
    if (rest.isEmpty()
        || !rest.matches("[a-z0-9]+([._-][a-z0-9]+|__)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*")) {
      throw new IllegalArgumentException(
          "'" + image + "' is not an image reference: write HOST[:PORT]/REPOSITORY[:TAG|@DIGEST]");
    }
    if (host.equals("docker.io") && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    return new RegistryReference(host, rest, reference);
  }

  /** The host requests go to ({@code registry-1.docker.io} for Docker Hub). */
  public String apiHost() {
    return host.equals("docker.io") ? "registry-1.docker.io" : host;
  }

  /** Whether the host is this machine, which docker and skopeo reach over plain HTTP too. */
  public boolean loopback() {
    String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }

  @Override
  public String toString() {
    return host + "/" + repository + (reference.contains(":") ? "@" : ":") + reference;
  }
}
