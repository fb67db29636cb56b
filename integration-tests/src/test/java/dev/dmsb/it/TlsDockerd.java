package dev.dmsb.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.config.TlsSettings;
import dev.dmsb.engine.docker.DockerEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, private {@code dockerd} that listens only on {@code tcp://127.0.0.1:<free port>} with
 * {@code --tlsverify}: its own data root, exec root (and so its own containerd), a bridge of its
 * own ({@link TestBridge}; {@code --bridge=none} would delete the host's {@code docker0}), no
 * iptables rules, masquerading or IP forwarding settings, the vfs storage driver (no overlay
 * mounts), and an empty configuration file (the host's {@code /etc/docker/daemon.json} is not
 * read). It has no images and cannot pull; builds {@code FROM scratch} work.
 *
 * <p>Everything else lives in one folder {@code /tmp/dmsb-tlsd-<n>}: kept short because
 * containerd's socket under the exec root must stay below the 108 characters of a unix socket path.
 * {@link #close()} stops the engine (SIGTERM, then SIGKILL) and every process that names the
 * folder, unmounts what is left under it, deletes it and the bridge, and fails if any of it is
 * still there or if the host's {@code docker0} went away.
 *
 * <p>Needs root, Debian's {@code docker.io} and {@code ip}: {@link #assumeStartable()} skips a test
 * without them, and fails it on CI ({@code CI=true}), where they are part of the environment.
 */
public final class TlsDockerd implements AutoCloseable {
  /** Where Debian's docker.io puts the engine. */
  public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");

  private static final String DOCKER0 = "docker0";
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

  private final Path root;
  private final String host;
  private final boolean docker0WasThere;
  private TestBridge bridge;
  private Process process;
  private Duration startedIn;

  private TlsDockerd(Path root, String host) {
    this.root = root;
    this.host = host;
    this.docker0WasThere = TestBridge.interfaceExists(DOCKER0);
  }

  /**
   * Skips the calling test (or class, from {@code @BeforeAll}) unless this process is root and
   * {@code /usr/sbin/dockerd} and {@code ip} exist; with {@code CI=true} it fails instead, since CI
   * provides them.
   */
  public static void assumeStartable() throws IOException {
    String missing = null;
    if (!Files.isExecutable(DOCKERD)) {
      missing = DOCKERD + " is missing (apt-get install docker.io)";
    } else if (!TestBridge.ipInstalled()) {
      missing = "ip is missing (apt-get install iproute2)";
    } else if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
      missing = "this test does not run as root";
    }
    if (missing == null) {
      return;
    }
    String reason = "A second dockerd needs root, " + DOCKERD + " and ip: " + missing;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(reason + ". CI=true, where they are expected, so this is a failure, not a skip.");
    }
    Assumptions.abort(reason);
  }

  /**
   * Starts the engine with the CA that signs its clients ({@code ca}) and its own certificate and
   * key, and waits (up to 60 s) until it answers {@code client} over TLS.
   *
   * @param client TLS settings with which the engine must answer (a client certificate from {@code
   *     ca})
   * @throws IllegalStateException when it does not answer in time (with its log), or when the
   *     host's {@code docker0} went away as it started
   */
  public static TlsDockerd start(Path ca, Path cert, Path key, TlsSettings client)
      throws IOException, InterruptedException {
    TlsDockerd engine =
        new TlsDockerd(
            Files.createTempDirectory(Path.of("/tmp"), "dmsb-tlsd-"),
            "tcp://127.0.0.1:" + freePort());
    try {
      engine.launch(ca, cert, key, client);
      return engine;
    } catch (Throwable e) {
      try {
        engine.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void launch(Path ca, Path cert, Path key, TlsSettings client)
      throws IOException, InterruptedException {
    bridge = TestBridge.create();
    Path config = Files.writeString(root.resolve("daemon.json"), "{}\n");
    Path log = root.resolve("dockerd.log");
    ProcessBuilder pb =
        new ProcessBuilder(
            DOCKERD.toString(),
            "--host=" + host,
            "--tlsverify",
            "--tlscacert=" + ca,
            "--tlscert=" + cert,
            "--tlskey=" + key,
            "--config-file=" + config,
            "--data-root=" + root.resolve("data"),
            "--exec-root=" + root.resolve("exec"),
            "--pidfile=" + root.resolve("dockerd.pid"),
            "--bridge=" + bridge.name(),
            "--iptables=false",
            "--ip-masq=false",
            "--ip-forward=false",
            "--storage-driver=vfs");
    // The test's own engine settings mean nothing to this engine.
    pb.environment().keySet().removeIf(name -> name.startsWith("DOCKER_"));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long begin = System.nanoTime();
    process = pb.start();
    startedIn = awaitAnswer(process, host, log, client, begin);
    if (docker0WasThere && !TestBridge.interfaceExists(DOCKER0)) {
      throw new IllegalStateException(
          "The host's "
              + DOCKER0
              + " went away as the second dockerd started. Its log:\n"
              + read(log));
    }
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String host() {
    return host;
  }

  /** From starting the process to its first answer over TLS. */
  public Duration startedIn() {
    return startedIn;
  }

  /** The engine's log so far (stdout and stderr), for failure messages. */
  public String log() {
    return read(root.resolve("dockerd.log"));
  }

  /** A client of this engine, with the TLS settings given. */
  public DockerEngine connect(TlsSettings tls) throws EngineException {
    return connect(host, tls);
  }

  private static DockerEngine connect(String host, TlsSettings tls) throws EngineException {
    return DockerEngine.connect(new EngineEndpoint(host, Optional.of(tls), "second dockerd"));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static Duration awaitAnswer(
      Process process, String host, Path log, TlsSettings client, long begin)
      throws InterruptedException {
    long deadline = begin + START_LIMIT.toNanos();
    String last = "no attempt";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "dockerd for " + host + " exited with " + process.exitValue() + ":\n" + read(log));
      }
      try (DockerEngine engine = connect(host, client)) {
        engine.ping();
        return Duration.ofNanos(System.nanoTime() - begin);
      } catch (EngineException e) {
        last = e.getMessage();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "dockerd did not answer at "
            + host
            + " within "
            + START_LIMIT.toSeconds()
            + " s (last: "
            + last
            + "). Its log:\n"
            + read(log));
  }

  /**
   * Stops the engine and its containerd, unmounts and deletes its folder, deletes its bridge.
   *
   * @throws IllegalStateException naming what is left behind (a process, a mount, the folder, the
   *     bridge) or the host's {@code docker0} gone
   */
  @Override
  public void close() {
    List<String> problems = new ArrayList<>();
    try {
      if (process != null) {
        stop(process.toHandle());
      }
      // Its containerd (and any shim) names the folder in its command line. After a SIGKILL dockerd
      // cannot stop it, and as an orphan it is no longer among dockerd's descendants.
      for (ProcessHandle p : processesNaming(root)) {
        stop(p);
      }
      for (ProcessHandle p : processesNaming(root)) {
        problems.add("process " + p.pid() + " " + p.info().commandLine().orElse(""));
      }
      for (String mount : mountsUnder(root)) {
        run("umount", mount);
      }
      for (String mount : mountsUnder(root)) {
        run("umount", "--lazy", mount);
      }
      problems.addAll(mountsUnder(root).stream().map(m -> "mount " + m).toList());
      if (problems.isEmpty() && Files.exists(root)) {
        deleteTree(root);
      }
    } catch (IOException e) {
      problems.add("an error while cleaning up: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("cleaning up was interrupted");
    }
    if (bridge != null) {
      try {
        bridge.close();
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
      }
    }
    if (process != null && process.isAlive()) {
      problems.add("dockerd " + process.pid());
    }
    if (Files.exists(root)) {
      problems.add("folder " + root);
    }
    if (docker0WasThere && !TestBridge.interfaceExists(DOCKER0)) {
      problems.add("the host's " + DOCKER0 + " is gone (it was there before this engine started)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The second dockerd (" + host + ") left behind or broke: " + String.join(", ", problems));
    }
  }

  /** The live processes whose command line names {@code dir} (unique to one engine). */
  private static List<ProcessHandle> processesNaming(Path dir) {
    String name = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(c -> c.contains(name)).orElse(false))
        .toList();
  }

  private static void stop(ProcessHandle p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    p.destroy(); // SIGTERM: dockerd shuts down its containerd and unmounts its data root
    try {
      p.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      p.destroyForcibly();
      try {
        p.onExit().get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException stuck) {
        // reported by close() as left behind
      }
    }
  }

  /** Mount points at or below {@code dir}, deepest first, from {@code /proc/self/mountinfo}. */
  static List<String> mountsUnder(Path dir) throws IOException {
    String prefix = dir.toString();
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      String point = unescape(fields[4]);
      if (point.equals(prefix) || point.startsWith(prefix + "/")) {
        mounts.add(point);
      }
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    return mounts;
  }

  /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 4 <= field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
