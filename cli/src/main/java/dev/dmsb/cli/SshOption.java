package dev.dmsb.cli;

import dev.dmsb.engine.SshSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --ssh default|ID[=PATH[,PATH]]} as {@code docker build} reads it: {@code default} (or an
 * ID without paths) forwards the agent at {@code SSH_AUTH_SOCK}; a path is an agent socket. Key
 * files need an agent that holds them ({@code ssh-add}); dmsb forwards agents only.
 */
final class SshOption {
  private SshOption() {}

  static SshSource parse(String value) {
    int eq = value.indexOf('=');
    String id = eq < 0 ? value : value.substring(0, eq);
    if (id.isEmpty()) {
      throw bad(value, "it needs an ID (default, or a name for --mount=type=ssh,id=...)");
    }
    List<Path> sockets = new ArrayList<>();
    if (eq < 0) {
      String sock = System.getenv("SSH_AUTH_SOCK");
      if (sock == null || sock.isEmpty()) {
        throw bad(value, "SSH_AUTH_SOCK is not set; start an agent (eval $(ssh-agent); ssh-add)");
      }
      sockets.add(Path.of(sock));
    } else {
      for (String p : value.substring(eq + 1).split(",")) {
        Path path = Path.of(p);
        if (!Files.exists(path)) {
          throw bad(value, p + " does not exist");
        }
        if (Files.isRegularFile(path)) {
          throw bad(
              value,
              p
                  + " is a key file; dmsb forwards agents: add the key to one (ssh-add "
                  + p
                  + ") and give its socket, or use --ssh default");
        }
        sockets.add(path);
      }
    }
    return new SshSource(id, sockets);
  }

  private static UserError bad(String value, String why) {
    return new UserError(ExitCode.USAGE, "--ssh " + value + ": " + why);
  }
}
