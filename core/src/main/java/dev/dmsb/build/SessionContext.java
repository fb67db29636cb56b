package dev.dmsb.build;

import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What a build offers through a BuildKit session: the context folder as {@code context}, seen
 * through the {@code .dockerignore} rules and the sources of the reachable COPY/ADD, and the
 * Dockerfile alone in a {@code dockerfile} directory of its own, so that no Dockerfile dmsb had to
 * send (from stdin, from outside the context, rewritten) is ever in the context.
 */
final class SessionContext {
  /** The docker CLI's names for the two directories. */
  static final String CONTEXT = "context";

  static final String DOCKERFILE = "dockerfile";

  private SessionContext() {}

  /** The Dockerfile's name in its own directory: its file name, or {@code Dockerfile}. */
  static String dockerfileName(BuildSpec spec) {
    if (spec.dockerfile() != null && spec.dockerfile().getFileName() != null) {
      return spec.dockerfile().getFileName().toString();
    }
    return "Dockerfile";
  }

  static SessionOffer offer(BuildSpec spec, DockerIgnore ignore) throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ContextException(
          "build context " + root + " is not a folder; give the folder that holds your files");
    }
    ContextSelection selection =
        spec.contextSources().isPresent()
            ? ContextSelection.only(spec.contextSources().get()).withSymlinkTargets(root)
            : ContextSelection.everything();
    SyncFilter filter = filter(ignore, selection);
    // The Dockerfile is sent every time with a fresh time: the engine keeps its copy of a file
    // whose size and time did not change (BuildKit 0.8 compares no content), and a rewritten or
    // generated Dockerfile of the same size must not be taken for the last one.
    SyncedDirectory.MemoryFile dockerfile =
        new SyncedDirectory.MemoryFile(
            dockerfileName(spec),
            spec.dockerfileText().getBytes(StandardCharsets.UTF_8),
            0644,
            nowNanos());
    String name = root.getFileName() == null ? "context" : root.getFileName().toString();
    return new SessionOffer(
        name,
        sharedKey(root),
        List.of(
            new SyncedDirectory.Folder(CONTEXT, root, filter),
            new SyncedDirectory.Files(DOCKERFILE, List.of(dockerfile))),
        spec.credentials(),
        spec.secrets(),
        spec.ssh(),
        spec.output(),
        spec.cache());
  }

  /**
   * {@code .dockerignore} first (an excluded folder is walked only if an exception may keep
   * something inside), then the sources.
   */
  static SyncFilter filter(DockerIgnore ignore, ContextSelection selection) {
    if (ignore.rules().isEmpty() && selection.isEverything()) {
      return SyncFilter.everything();
    }
    return (path, folder) -> {
      if (ignore.excludes(path)) {
        return folder && ignore.mayKeepInside(path)
            ? SyncFilter.Decision.DESCEND
            : SyncFilter.Decision.SKIP;
      }
      return switch (selection.decide(path, folder)) {
        case INCLUDE -> SyncFilter.Decision.INCLUDE;
        case DESCEND -> folder ? SyncFilter.Decision.DESCEND : SyncFilter.Decision.SKIP;
        case SKIP -> SyncFilter.Decision.SKIP;
      };
    };
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * The same for the same context folder on this machine, so the engine reuses its copy of the
   * context from the last build: a SHA-256 of a node ID kept in dmsb's cache folder and the
   * folder's path, as the docker CLI makes its own (dmsb's ID is its own, so the two never share
   * and disturb each other's copy).
   */
  static String sharedKey(Path root) {
    return sha256(nodeId() + ":" + root);
  }

  private static String nodeId() {
    String home = System.getProperty("user.home", "");
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path dir =
        xdg != null && !xdg.isBlank() ? Path.of(xdg, "dmsb") : Path.of(home, ".cache", "dmsb");
    Path file = dir.resolve("build-node-id");
    try {
      String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (id.length() == 64) {
        return id;
      }
    } catch (IOException e) {
      // made below
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "build-node-id", ".tmp");
      Files.writeString(tmp, id, StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      // Nowhere to keep it: a key from the user's name still stays the same between builds.
      return sha256("dmsb:" + System.getProperty("user.name", "") + ":" + home);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
