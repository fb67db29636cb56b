package dev.dmsb.verify;

/** The image could not be verified (not a failed check: the data itself did not add up). */
public class VerifyException extends Exception {
  private static final long serialVersionUID = 1L;

  public VerifyException(String message) {
    super(message);
  }

  public VerifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
