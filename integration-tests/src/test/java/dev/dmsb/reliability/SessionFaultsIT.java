package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real executable building through its BuildKit session when the session fails under it: the
 * session stops answering the engine's health checks (the engine ends it), or the user presses
 * Ctrl-C while it is up. Either way dmsb exits non-zero, the engine's build stops (its step's
 * process goes away before it could have finished), nothing is tagged and no connection, temp file
 * or iidfile is left.
 */
@Tag(TestEngine.TAG)
class SessionFaultsIT {
  static final Duration LIMIT = Duration.ofSeconds(90);

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  /** A context whose files the session serves, then a silent step of {@code seconds}. */
  private Path context(String marker, int seconds) throws IOException {
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(ctx.resolve("a.txt"), "served by the session\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + EngineSupport.BASE_IMAGE
            + "\nCOPY a.txt /a.txt\nRUN echo "
            + marker
            + "-$(date +%s%N) && sleep "
            + seconds
            + " && echo finished > /finished\n");
    return ctx;
  }

  private Path tmp() throws IOException {
    return Files.createDirectories(work.resolve("tmp"));
  }

  @Test
  void aSessionThatMissesItsHealthCheckEndsTheBuild() throws Exception {
    // Docker 20.10 ends a session at its first health check left unanswered for 10 s; 26.1 and
    // later only after two checks of 30 s each, longer than this test may take.
    TestEngine.assumeDocker20("later engines end a session after two 30 s health checks");
    int seconds = 25;
    String marker = "health-" + EngineSupport.RUN_ID;
    String tag = engine.imageName("session-health");
    Path iid = Files.createDirectories(work.resolve("out")).resolve("iid.txt");
    Path ctx = context(marker, seconds);
    long start = System.nanoTime();
    try (EngineRelay relay = EngineRelay.start(work)) {
      Process p = DmsbProcess.start(tmp(), Map.of(), args(tag, iid, relay, ctx));
      EngineFaultsIT.awaitBuildRunning(relay, p, marker);
      relay.holdSessionAnswers();
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.err())
          .contains("the BuildKit session ended before the build did")
          .contains("nothing was tagged")
          .doesNotContain("\tat ");
      InterruptIT.waitUntil(() -> !stepRunning(marker));
      InterruptIT.waitUntil(() -> !relay.hasOpenConnections());
    }
    assertNothingLeftBehind(tag, iid, start, seconds);
  }

  @Test
  void ctrlCWhileTheSessionIsUpStopsTheBuild() throws Exception {
    TestEngine.assumeBuilder(true);
    int seconds = 10;
    String marker = "ctrlc-" + EngineSupport.RUN_ID;
    String tag = engine.imageName("session-interrupt");
    Path iid = Files.createDirectories(work.resolve("out")).resolve("iid.txt");
    Path ctx = context(marker, seconds);
    long start = System.nanoTime();
    try (EngineRelay relay = EngineRelay.start(work)) {
      Process p = DmsbProcess.start(tmp(), Map.of(), args(tag, iid, relay, ctx));
      EngineFaultsIT.awaitBuildRunning(relay, p, marker);
      assertThat(relay.sentBytes()).as("the session was opened").isNotEmpty();
      DmsbProcess.interrupt(p);
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(130);
      assertThat(r.err()).doesNotContain("\tat ");
      InterruptIT.waitUntil(() -> !stepRunning(marker));
      InterruptIT.waitUntil(() -> !relay.hasOpenConnections());
    }
    assertNothingLeftBehind(tag, iid, start, seconds);
  }

  private static List<String> args(String tag, Path iid, EngineRelay relay, Path ctx) {
    return List.of(
        "build",
        "--progress",
        "plain",
        "--no-cache",
        "--builder",
        "buildkit",
        "-v",
        "-t",
        tag,
        "--iidfile",
        iid.toString(),
        "-H",
        relay.host(),
        ctx.toString());
  }

  private static boolean stepRunning(String marker) {
    try {
      return EngineFaultsIT.stepRunning(marker);
    } catch (IOException e) {
      return true; // look again
    }
  }

  /**
   * No tag, checked until the step would have finished had the engine kept running it; no iidfile;
   * no temp files.
   */
  private void assertNothingLeftBehind(String tag, Path iid, long start, int seconds)
      throws Exception {
    long stepDone = start + Duration.ofSeconds(seconds + 3).toNanos();
    do {
      assertThat(EngineFaultsIT.imageExists(tag)).as("tag %s applied", tag).isFalse();
      Thread.sleep(200);
    } while (System.nanoTime() < stepDone);
    assertThat(EngineFaultsIT.imageExists(tag)).as("tag %s applied", tag).isFalse();
    assertThat(iid).doesNotExist();
    try (Stream<Path> files = Files.walk(tmp())) {
      assertThat(files.filter(f -> !f.equals(work.resolve("tmp")))).as("temp files").isEmpty();
    }
  }
}
