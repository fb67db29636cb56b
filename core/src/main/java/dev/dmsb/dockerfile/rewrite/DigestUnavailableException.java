package dev.dmsb.dockerfile.rewrite;

/** A {@link DigestResolver} could not find an image's digest. */
public class DigestUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** With the reason, e.g. "not found in the registry". */
  public DigestUnavailableException(String message) {
    super(message);
  }

  /** With the reason and the failure that caused it (e.g. an engine error). */
  public DigestUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
