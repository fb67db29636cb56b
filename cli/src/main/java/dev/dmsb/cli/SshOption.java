package dev.dmsb.cli;

import dev.dmsb.engine.SshSource;
import dev.dmsb.sshagent.Passphrase;
import dev.dmsb.sshagent.SshKeyException;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --ssh default|ID[=PATH[,PATH]]} as {@code docker build} reads it: {@code default} (or an
 * ID without paths) forwards the agent at {@code SSH_AUTH_SOCK}; a path is an agent socket or a
 * private key file, which dmsb's own agent serves. An encrypted key's passphrase is asked on the
 * terminal.
 */
final class SshOption {
  private SshOption() {}

  static SshSource parse(String value) {
    return parse(value, SshOption::askOnTheConsole);
  }

  static SshSource parse(String value, Passphrase passphrase) {
    int eq = value.indexOf('=');
    String id = eq < 0 ? value : value.substring(0, eq);
    if (id.isEmpty()) {
      throw bad(value, "it needs an ID (default, or a name for --mount=type=ssh,id=...)");
    }
    List<Path> paths = new ArrayList<>();
    if (eq < 0) {
      String sock = System.getenv("SSH_AUTH_SOCK");
      if (sock == null || sock.isEmpty()) {
        throw bad(value, "SSH_AUTH_SOCK is not set; start an agent (eval $(ssh-agent); ssh-add)");
      }
      paths.add(Path.of(sock));
    } else {
      for (String p : value.substring(eq + 1).split(",")) {
        paths.add(Path.of(p));
      }
    }
    try {
      return SshSource.of(id, paths, passphrase);
    } catch (SshKeyException e) {
      String why = e.getMessage();
      if (e.needsPassphrase()) {
        why +=
            "; run dmsb on a terminal to be asked for it, or add the key to an agent (ssh-add "
                + e.file()
                + ") and give --ssh "
                + id
                + " its socket";
      }
      throw bad(value, why);
    }
  }

  /** The terminal's answer, as ssh-add asks; none when dmsb runs without one. */
  private static char[] askOnTheConsole(Path file, int attempt) {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    if (attempt > 1) {
      console.printf("Bad passphrase, try again for %s%n", file);
    }
    return console.readPassword("Enter passphrase for %s: ", file);
  }

  private static UserError bad(String value, String why) {
    return new UserError(ExitCode.USAGE, "--ssh " + value + ": " + why);
  }
}
