package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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

  /** The time dmsb may take to stop the build once its session is gone. */
  static final Duration REACTION = Duration.ofSeconds(10);

  /** Beyond a policy's bound: the engine's own scheduling, and the relay seeing the close. */
  static final Duration SLACK = Duration.ofSeconds(5);

  /** A finished step's image exported and tagged, at most. */
  static final Duration EXPORT = Duration.ofSeconds(3);

  /** The build request, and the ID dmsb gives the build ({@code buildid}). */
  static final Pattern BUILD_ID =
      Pattern.compile("POST (/v[0-9.]+)?/build\\?[^ ]*buildid=([^& ]+)");

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
    SessionHealth health = SessionHealth.ofTestEngine();
    Assumptions.assumeTrue(health != null, () -> TestEngine.name() + " builds no BuildKit session");
    // The step outlasts the session by far: the engine ends the session at most endsWithin()
    // after its answers are held, and dmsb then has REACTION to stop the build.
    Duration step = health.endsWithin().plus(REACTION);
    String marker = "health-" + EngineSupport.RUN_ID;
    String tag = engine.imageName("session-health");
    Path iid = Files.createDirectories(work.resolve("out")).resolve("iid.txt");
    Path ctx = context(marker, (int) step.toSeconds());
    long start = System.nanoTime();
    Instant stepEnds;
    try (EngineRelay relay = EngineRelay.start(work);
        Running p = new Running(DmsbProcess.start(tmp(), Map.of(), args(tag, iid, relay, ctx)))) {
      ProcessHandle stepProcess = awaitStep(relay, p.process, marker);
      stepEnds = Instant.now().plus(step);
      long held = System.nanoTime();
      relay.holdSessionAnswers();
      assertThat(relay.awaitSessionEndedByEngine(health.endsWithin().plus(SLACK)))
          .as("the engine (%s) closed the session within %s", health, health.endsWithin())
          .isTrue();
      System.err.printf(
          "SessionFaultsIT: %s ended the session %d ms after its answers were held (%s)%n",
          TestEngine.name(), (System.nanoTime() - held) / 1_000_000, health);
      DmsbProcess.Result r = DmsbProcess.await(p.process, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.err())
          .contains("the BuildKit session ended before the build did")
          .contains("nothing was tagged")
          .doesNotContain("\tat ");
      assertStepStopped(stepProcess);
      assertThat(relay.awaitAllClosed(LIMIT)).as("connections closed").isTrue();
    }
    assertNothingLeftBehind(tag, iid, start, stepEnds);
  }

  @Test
  void ctrlCWhileTheSessionIsUpStopsTheBuild() throws Exception {
    TestEngine.assumeBuilder(true);
    Duration step = Duration.ofSeconds(10);
    String marker = "ctrlc-" + EngineSupport.RUN_ID;
    String tag = engine.imageName("session-interrupt");
    Path iid = Files.createDirectories(work.resolve("out")).resolve("iid.txt");
    Path ctx = context(marker, (int) step.toSeconds());
    long start = System.nanoTime();
    Instant stepEnds;
    try (EngineRelay relay = EngineRelay.start(work);
        Running p = new Running(DmsbProcess.start(tmp(), Map.of(), args(tag, iid, relay, ctx)))) {
      ProcessHandle stepProcess = awaitStep(relay, p.process, marker);
      stepEnds = Instant.now().plus(step);
      assertThat(new String(relay.sentBytes(), StandardCharsets.ISO_8859_1))
          .as("the session was opened")
          .containsPattern("POST (/v[0-9.]+)?/session ");
      DmsbProcess.interrupt(p.process);
      DmsbProcess.Result r = DmsbProcess.await(p.process, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(130);
      assertThat(r.err()).doesNotContain("\tat ");
      assertStepStopped(stepProcess);
      assertThat(relay.awaitAllClosed(LIMIT)).as("connections closed").isTrue();
      assertThat(buildCancelled(relay.sentBytes()))
          .as("the build was cancelled by its ID (POST /build/cancel), as the docker CLI does")
          .isTrue();
    }
    assertNothingLeftBehind(tag, iid, start, stepEnds);
  }

  /** dmsb's process, killed when a test ends before it did (a failed assertion). */
  private record Running(Process process) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Whether {@code sent} holds {@code POST /build/cancel?id=} naming the build it submitted. */
  static boolean buildCancelled(byte[] sent) {
    String wire = new String(sent, StandardCharsets.ISO_8859_1);
    Matcher build = BUILD_ID.matcher(wire);
    if (!build.find()) {
      return false;
    }
    return Pattern.compile("POST (/v[0-9.]+)?/build/cancel\\?id=" + Pattern.quote(build.group(2)))
        .matcher(wire)
        .find();
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

  /** Waits until the engine runs the step, and gives its process (its shell, on this machine). */
  private static ProcessHandle awaitStep(EngineRelay relay, Process p, String marker)
      throws Exception {
    EngineFaultsIT.awaitBuildRunning(relay, p, marker);
    return EngineFaultsIT.stepProcess(marker)
        .orElseThrow(() -> new AssertionError("the step '" + marker + "' ended at once"));
  }

  /** The step's process ends: the engine stopped it (had it not, the tag check below fails). */
  private static void assertStepStopped(ProcessHandle stepProcess) throws Exception {
    try {
      stepProcess.onExit().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the engine still runs the step after " + LIMIT, e);
    }
  }

  /**
   * No tag, watched through the engine's image events until the step would have finished had the
   * engine kept running it (plus the time to export it), and checked then; no iidfile; no temp
   * files.
   */
  private void assertNothingLeftBehind(String tag, Path iid, long start, Instant stepEnds)
      throws Exception {
    Instant since = Instant.now().minusNanos(System.nanoTime() - start);
    Instant until = stepEnds.plus(EXPORT);
    List<Event> tagged = new ArrayList<>();
    try (ResultCallback.Adapter<Event> events =
        EngineSupport.client()
            .eventsCmd()
            .withSince(Long.toString(since.getEpochSecond()))
            .withUntil(Long.toString(until.getEpochSecond() + 1))
            .withEventTypeFilter(EventType.IMAGE)
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Event e) {
                    if (String.valueOf(e).contains(repository(tag))) {
                      tagged.add(e);
                    }
                  }
                })) {
      // The engine ends the stream at "until"; LIMIT more is for an engine that does not.
      assertThat(
              events.awaitCompletion(
                  Duration.between(Instant.now(), until).plus(LIMIT).toMillis(),
                  TimeUnit.MILLISECONDS))
          .as("the engine's event stream ended at %s", until)
          .isTrue();
    }
    assertThat(tagged).as("image events naming %s", tag).isEmpty();
    assertThat(EngineFaultsIT.imageExists(tag)).as("tag %s applied", tag).isFalse();
    assertThat(iid).doesNotExist();
    try (Stream<Path> files = Files.walk(tmp())) {
      assertThat(files.filter(f -> !f.equals(work.resolve("tmp")))).as("temp files").isEmpty();
    }
  }

  private static String repository(String tag) {
    return tag.substring(0, tag.lastIndexOf(':'));
  }
}
