package dev.dmsb.sshagent;

/** A key file dmsb cannot read; the message says why, without the file's name. */
final class KeyFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  KeyFormatException(String message) {
    super(message);
  }
}
