package dev.dmsb.dockerfile.rewrite;

/**
 * A {@link DigestResolver} could not find an image's digest. Usually about that one image (not in
 * its registry, never pushed), and the rewrite pins the others; {@link #lookupDown} says no image
 * can be pinned (the engine is down), and stops the rewrite.
 */
public class DigestUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean lookupDown;

  /** With the reason, e.g. "not found in the registry". */
  public DigestUnavailableException(String message) {
    super(message);
    this.lookupDown = false;
  }

  /** With the reason and the failure that caused it (e.g. an engine error). */
  public DigestUnavailableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private DigestUnavailableException(String message, Throwable cause, boolean lookupDown) {
    super(message, cause);
    this.lookupDown = lookupDown;
  }

  /** The lookup itself failed (e.g. the engine is unreachable): no image can be pinned. */
  public static DigestUnavailableException lookupDown(String message, Throwable cause) {
    return new DigestUnavailableException(message, cause, true);
  }

  /** Whether no image can be pinned, so that the rewrite stops rather than go on without. */
  public boolean isLookupDown() {
    return lookupDown;
  }
}
