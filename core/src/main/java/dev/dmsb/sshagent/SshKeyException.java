package dev.dmsb.sshagent;

import java.nio.file.Path;

/** A key file that cannot be read, with a message naming the file and saying what to do. */
public final class SshKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final boolean needsPassphrase;

  SshKeyException(Path file, String message, boolean needsPassphrase) {
    super(file + ": " + message);
    this.file = file;
    this.needsPassphrase = needsPassphrase;
  }

  /** The key file. */
  public Path file() {
    return file;
  }

  /** True when the key is encrypted and no passphrase could be asked for. */
  public boolean needsPassphrase() {
    return needsPassphrase;
  }
}
