package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * An image {@code --pin} could not pin, left as written.
 *
 * @param file the Dockerfile's name as given to the rewriter
 * @param range where the reference is written
 * @param reference the image reference (ARGs expanded)
 * @param reason why, as the digest lookup said (e.g. "manifest unknown")
 */
public record NotPinned(String file, SourceRange range, String reference, String reason) {
  /** {@code file:line:col: cannot pin image 'ref': reason; how to fix}. */
  @Override
  public String toString() {
    return file
        + ":"
        + range.start().line()
        + ":"
        + range.start().column()
        + ": cannot pin image '"
        + reference
        + "': "
        + reason
        + "; push it to a registry, or pin it by hand as "
        + ImagePins.pinned(reference, "sha256:<digest>");
  }
}
