package dev.dmsb.dockerfile.rewrite;

/**
 * Finds the manifest digest of an image, for {@code --pin}. The rewrite package knows no engine:
 * the caller plugs in a registry lookup ({@code GET /distribution/{name}/json}) or the local
 * image's RepoDigests.
 */
@FunctionalInterface
public interface DigestResolver {
  /**
   * The digest of {@code imageRef} as written in the Dockerfile (ARGs expanded).
   *
   * @return {@code sha256:<64 hex>}
   * @throws DigestUnavailableException when the image can't be found or the lookup failed; the
   *     message says why
   */
  String digest(String imageRef) throws DigestUnavailableException;
}
