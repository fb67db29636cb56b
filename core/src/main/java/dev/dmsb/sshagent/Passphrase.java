package dev.dmsb.sshagent;

import java.nio.file.Path;

/** Asks for the passphrase of an encrypted key file, as {@code ssh-add} does on a terminal. */
@FunctionalInterface
public interface Passphrase {
  /** No one to ask: an encrypted key is refused. */
  Passphrase NONE = (file, attempt) -> null;

  /**
   * The passphrase for {@code file}, or null when there is no one to ask.
   *
   * @param attempt 1 for the first question, more after a wrong answer
   */
  char[] ask(Path file, int attempt);
}
