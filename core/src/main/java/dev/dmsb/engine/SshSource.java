package dev.dmsb.engine;

import dev.dmsb.sshagent.AgentKey;
import dev.dmsb.sshagent.KeyFiles;
import dev.dmsb.sshagent.Passphrase;
import dev.dmsb.sshagent.SshKeyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An SSH agent a build may use ({@code RUN --mount=type=ssh[,id=ID]}), as {@code docker build
 * --ssh} names it: {@code default} for the agent at {@code SSH_AUTH_SOCK}, {@code ID=SOCKET} for an
 * agent socket, or {@code ID=KEY[,KEY]} for key files, served by an agent inside dmsb.
 *
 * @param id the ID the mount names ({@code default} when it names none)
 * @param sockets the agent sockets to forward to (the first is used)
 * @param keys the keys an in-process agent serves (when there is no socket)
 */
public record SshSource(String id, List<Path> sockets, List<AgentKey> keys) {
  public SshSource {
    Objects.requireNonNull(id, "id");
    sockets = List.copyOf(sockets);
    keys = List.copyOf(keys);
  }

  /** An agent socket source. */
  public SshSource(String id, List<Path> sockets) {
    this(id, sockets, List.of());
  }

  /**
   * The source for {@code paths} as BuildKit's sshprovider reads them: a socket is forwarded, any
   * other file is a private key; sockets and key files do not mix.
   *
   * @throws SshKeyException a path is missing or no key, or sockets and keys are mixed
   */
  public static SshSource of(String id, List<Path> paths, Passphrase passphrase)
      throws SshKeyException {
    List<Path> sockets = new ArrayList<>();
    List<Path> keyFiles = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw KeyFiles.problem(p, "does not exist");
      }
      if (isSocket(p)) {
        sockets.add(p);
      } else {
        keyFiles.add(p);
      }
    }
    if (!sockets.isEmpty() && !keyFiles.isEmpty()) {
      throw KeyFiles.problem(
          keyFiles.get(0),
          "a key file beside the agent socket "
              + sockets.get(0)
              + ": give sockets or key files for one ID, not both (as docker build)");
    }
    return new SshSource(id, sockets, KeyFiles.readAll(keyFiles, passphrase));
  }

  private static boolean isSocket(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isOther() && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
