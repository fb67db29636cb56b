package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buildkitd that dies in the middle of a build: dmsb ends within a bound with a non-zero exit
 * that names the daemon, and nothing is pushed. The test runs a daemon of its own (the buildkitd
 * beside {@code DMSB_IT_BUILDCTL}), since the shared one must not be killed.
 */
@Tag(BuildkitdSupport.TAG)
class BuildkitdDiesIT {
  private static final String MARK = "sleep 673";

  @TempDir Path dir;
  Process daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    // the step's process outlives its daemon: end it by its PID
    for (long pid : stepPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    poll(() -> stepPids().isEmpty(), 30, "the step's process to end");
    // and so do its overlay mounts, which keep the temporary folder from being deleted
    String root = dir.resolve("root").toString();
    List<String> mounts =
        Files.readAllLines(Path.of("/proc/self/mounts")).stream()
            .map(l -> l.split(" ")[1])
            .filter(m -> m.startsWith(root))
            .sorted(java.util.Comparator.reverseOrder())
            .toList();
    for (String m : mounts) {
      new ProcessBuilder("umount", m).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDaemonThatDiesMidBuildEndsTheBuildAndPushesNothing() throws Exception {
    Path buildkitd = BuildkitdSupport.buildctl().resolveSibling("buildkitd");
    Path config = dir.resolve("buildkitd.toml");
    Files.writeString(
        config,
        """
        [worker.oci]
          enabled = true
        [worker.containerd]
          enabled = false
        [registry."127.0.0.1:5000"]
          http = true
          insecure = true
        """);
    Path socket = dir.resolve("bk.sock");
    daemon =
        new ProcessBuilder(
                buildkitd.toString(),
                "--config",
                config.toString(),
                "--root",
                dir.resolve("root").toString(),
                "--addr",
                "unix://" + socket)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("buildkitd.log").toFile())
            .start();
    poll(() -> Files.exists(socket), 60, "the test's buildkitd to listen");

    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM 127.0.0.1:5000/dmsb/busybox:latest\nRUN echo "
            + UUID.randomUUID()
            + " && "
            + MARK
            + "\n");
    String ref = "127.0.0.1:5000/dmsb-it/dies:" + UUID.randomUUID().toString().substring(0, 8);
    CompletableFuture<DmsbBuildIT.Run> build =
        CompletableFuture.supplyAsync(
            () ->
                DmsbBuildIT.dmsb(
                    "build",
                    "--buildkit-host",
                    "unix://" + socket,
                    "--push",
                    "-t",
                    ref,
                    "-q",
                    context.toString()));
    poll(() -> !stepPids().isEmpty(), 120, "the RUN step to start");
    daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    DmsbBuildIT.Run run = build.get(60, TimeUnit.SECONDS);
    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("unix://" + socket);
    assertThat(run.out()).isEmpty();
    int slash = ref.indexOf('/');
    int colon = ref.lastIndexOf(':');
    HttpResponse<Void> manifest =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:5000/v2/"
                                + ref.substring(slash + 1, colon)
                                + "/manifests/"
                                + ref.substring(colon + 1)))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(manifest.statusCode()).isEqualTo(404);
  }

  /**
   * The step's {@code sleep}, found by its command line in {@code /proc} (ProcessHandle says
   * nothing of a process in the container's mount namespace).
   */
  private static List<Long> stepPids() {
    List<Long> pids = new java.util.ArrayList<>();
    try (var entries = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (cmd.strip().equals(MARK)) {
            pids.add(Long.parseLong(name));
          }
        } catch (java.io.IOException e) {
          // gone, or not ours to read
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return pids;
  }

  private static void poll(java.util.function.BooleanSupplier done, int seconds, String what)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + seconds + " s for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
