package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.dmsb.it.EngineSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) to the real executable during a build, a verify and a leak scan: exit 130, and
 * the engine stops the work (the build's tag never appears; no container keeps running it).
 */
class InterruptIT {
  static final Duration LIMIT = Duration.ofSeconds(60);

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  @Test
  void ctrlCDuringABuildCancelsItOnTheEngine() throws Exception {
    String tag = engine.imageName("interrupt");
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), EngineFaultsIT.slowBuild("interrupt"));
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    try (EngineRelay relay = EngineRelay.start(work)) {
      long start = System.nanoTime();
      Process p =
          DmsbProcess.start(
              tmp,
              Map.of(),
              List.of(
                  "build",
                  "--progress",
                  "plain",
                  "--no-cache",
                  "--builder",
                  "legacy",
                  "-t",
                  tag,
                  "-H",
                  relay.host(),
                  ctx.toString()));
      EngineFaultsIT.awaitBuildRunning(relay, p, "interrupt");
      // The step's process shows in /proc a moment before the engine lists its container.
      waitUntil(() -> !runningContainersOf("interrupt-").isEmpty());
      DmsbProcess.interrupt(p);
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(130);
      assertThat(r.err()).doesNotContain("\tat ");
      waitUntil(() -> runningContainersOf("interrupt-").isEmpty());
      assertThat(relay.hasOpenConnections()).isFalse();
    }
    Thread.sleep(9000); // longer than the step: a build the engine kept running would be tagged
    assertThat(EngineFaultsIT.imageExists(tag)).isFalse();
  }

  @Test
  void ctrlCDuringAVerifyAndItsLeakScanExits130() throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    try (EngineRelay relay = EngineRelay.start(work)) {
      relay.stall(); // every answer is held back: the verify (with its image export) is in flight
      long start = System.nanoTime();
      Process p =
          DmsbProcess.start(
              tmp,
              Map.of(),
              List.of("verify", "--scan-files", "-H", relay.host(), EngineSupport.BASE_IMAGE));
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (!new String(relay.sentBytes(), StandardCharsets.ISO_8859_1).contains("GET /")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      DmsbProcess.interrupt(p);
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);
      assertThat(r.exit()).as(r.err()).isEqualTo(130);
      waitUntil(() -> !relay.hasOpenConnections());
    }
  }

  /** Running containers whose command mentions {@code marker} (the RUN step of our build). */
  static List<Container> runningContainersOf(String marker) {
    return EngineSupport.client().listContainersCmd().exec().stream()
        .filter(c -> c.getCommand() != null && c.getCommand().contains(marker))
        .toList();
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + LIMIT);
      }
      Thread.sleep(100);
    }
  }
}
