package dev.dmsb.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An SSH agent a build may use ({@code RUN --mount=type=ssh[,id=ID]}), as {@code docker build
 * --ssh} names it: {@code default} for the agent at {@code SSH_AUTH_SOCK}, or {@code ID=PATH} for
 * an agent socket.
 *
 * @param id the ID the mount names ({@code default} when it names none)
 * @param sockets the agent sockets to forward to (the first is used)
 */
public record SshSource(String id, List<Path> sockets) {
  public SshSource {
    Objects.requireNonNull(id, "id");
    sockets = List.copyOf(sockets);
  }
}
