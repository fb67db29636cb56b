package dev.dmsb.api;

import dev.dmsb.engine.SshSource;
import dev.dmsb.sshagent.Passphrase;
import dev.dmsb.sshagent.SshKeyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BuildPlan}'s {@code ssh} and {@code sshKey} calls, read into the build's SSH agents when
 * it starts: key files given for one ID by several calls are served by one agent.
 */
final class SshRequests {
  /** One call. */
  private record Request(String id, List<Path> paths, char[] passphrase) {}

  private final List<Request> requests = new ArrayList<>();

  void add(String id, List<Path> paths, char[] passphrase) {
    requests.add(new Request(id, paths, passphrase));
  }

  List<SshSource> sources() throws DmsbException {
    List<SshSource> sources = new ArrayList<>();
    for (Request r : requests) {
      Passphrase p =
          r.passphrase() == null
              ? Passphrase.NONE
              : (file, attempt) -> attempt == 1 ? r.passphrase().clone() : null;
      try {
        SshSource source = SshSource.of(r.id(), r.paths(), p);
        SshSource same =
            sources.stream().filter(s -> s.id().equals(r.id())).findFirst().orElse(null);
        if (same == null) {
          sources.add(source);
        } else if (same.sockets().isEmpty() && source.sockets().isEmpty()) {
          // key files for one ID, given by several calls: one agent holds them all
          List<dev.dmsb.sshagent.AgentKey> keys = new ArrayList<>(same.keys());
          keys.addAll(source.keys());
          sources.set(sources.indexOf(same), new SshSource(r.id(), List.of(), keys));
        } else {
          throw new DmsbException(
              "ssh " + r.id() + ": given twice with an agent socket; give one socket or key files");
        }
      } catch (SshKeyException e) {
        throw new DmsbException(
            "ssh "
                + r.id()
                + ": "
                + e.getMessage()
                + (e.needsPassphrase() ? "; use sshKey(id, file, passphrase)" : ""),
            e);
      }
    }
    return sources;
  }
}
