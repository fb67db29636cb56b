package dev.dmsb.it.buildkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A buildkitd of the test's own, from the same binaries as {@link Buildkitd}'s: its own root and
 * unix socket in {@code /tmp/dmsb-bk-*} (short: a socket path must stay below 108 characters), the
 * same registries over plain HTTP, RUN steps on the host's network. For what the shared daemons
 * must not see: {@link #kill()} ends it at once (a buildkitd that dies in the middle of a build).
 *
 * <p>{@link #close()} kills it if it still runs, removes the step containers it left in runc's
 * state, unmounts what is left under its folder and deletes the folder; it fails if a mount stays.
 * Needs root (runc); {@link #start} skips the caller without it, and fails it with {@code CI=true}.
 */
public final class ScratchBuildkitd implements AutoCloseable {
  private static final long START_SECONDS = 30;

  private final Path dir;
  private final Path buildctl;
  private final Process process;

  private ScratchBuildkitd(Path dir, Path buildctl, Process process) {
    this.dir = dir;
    this.buildctl = buildctl;
    this.process = process;
  }

  /** Starts one with the binaries {@code shared} names, and waits until it answers. */
  public static ScratchBuildkitd start(Buildkitd shared) throws IOException {
    Path binary = shared.buildctlBinary().resolveSibling("buildkitd");
    String missing = null;
    if (!Files.isExecutable(binary)) {
      missing = binary + " is missing (scripts/engine.sh up buildkitd unpacks it)";
    } else if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
      missing = "this test does not run as root (buildkitd's OCI worker needs it)";
    }
    if (missing != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("cannot start a buildkitd of the test's own: " + missing);
      }
      Assumptions.abort("cannot start a buildkitd of the test's own: " + missing);
    }
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "dmsb-bk-");
    Files.writeString(dir.resolve("buildkitd.toml"), config(dir));
    Process p =
        new ProcessBuilder(binary.toString(), "--config", dir.resolve("buildkitd.toml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("buildkitd.log").toFile())
            .start();
    ScratchBuildkitd d = new ScratchBuildkitd(dir, shared.buildctlBinary(), p);
    Buildctl.Result r =
        d.buildctl().run("--timeout", String.valueOf(START_SECONDS), "--wait", "debug", "workers");
    if (!r.ok()) {
      String log = Files.readString(dir.resolve("buildkitd.log"), StandardCharsets.UTF_8);
      d.close();
      throw new IllegalStateException(
          "a buildkitd of the test's own did not answer within "
              + START_SECONDS
              + " s: "
              + r.output()
              + "\nits log:\n"
              + log);
    }
    return d;
  }

  private static String config(Path dir) {
    String runc = Files.isExecutable(Path.of("/usr/sbin/runc")) ? "/usr/sbin/runc" : "runc";
    return "root = \""
        + dir.resolve("root")
        + "\"\n[grpc]\n  address = [\"unix://"
        + dir.resolve("buildkitd.sock")
        + "\"]\n[worker.oci]\n  enabled = true\n  binary = \""
        + runc
        + "\"\n  networkMode = \"host\"\n[worker.containerd]\n  enabled = false\n"
        + "[registry.\"127.0.0.1:5000\"]\n  http = true\n  insecure = true\n"
        + "[registry.\"127.0.0.1:5001\"]\n  http = true\n  insecure = true\n";
  }

  /** Its address, {@code unix:///tmp/dmsb-bk-…/buildkitd.sock}. */
  public String host() {
    return "unix://" + dir.resolve("buildkitd.sock");
  }

  /** buildctl on it. */
  public Buildctl buildctl() {
    return Buildctl.at(buildctl, host());
  }

  /** The daemon's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the daemon still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Ends the daemon at once (SIGKILL) and waits until it is gone; its step containers stay. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("buildkitd " + process.pid() + " outlived SIGKILL by 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while buildkitd ended", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      kill();
    }
    removeStepContainers();
    List<String> mounts = mountsUnder();
    for (String m : mounts) {
      run("umount", m);
    }
    List<String> left = mountsUnder();
    if (!left.isEmpty()) {
      throw new IllegalStateException("mounts stay under " + dir + ": " + left);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** runc keeps its state in /run/runc, shared: only containers with a bundle under dir go. */
  private void removeStepContainers() {
    String prefix = dir + "/";
    for (String line : run("runc", "list").lines().skip(1).toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[3].startsWith(prefix)) {
        run("runc", "delete", "--force", f[0]);
      }
    }
  }

  /** Mount points under dir, deepest first. */
  private List<String> mountsUnder() throws IOException {
    String prefix = dir + "/";
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4 && f[4].startsWith(prefix)) {
        mounts.add(f[4]);
      }
    }
    mounts.sort(Comparator.reverseOrder());
    return mounts;
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
