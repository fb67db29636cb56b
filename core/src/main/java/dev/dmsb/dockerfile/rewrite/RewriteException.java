package dev.dmsb.dockerfile.rewrite;

/**
 * A rewrite that cannot be made as asked: an image that can't be pinned, a target that names no
 * stage, a reference written in a way dmsb can't edit safely. The message starts with {@code
 * file:line:column} when there is a place to point at, and says what to do.
 */
public class RewriteException extends Exception {
  private static final long serialVersionUID = 1L;

  /** With a message that says what is wrong and how to fix it. */
  public RewriteException(String message) {
    super(message);
  }

  /** With the failure that caused it. */
  public RewriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
