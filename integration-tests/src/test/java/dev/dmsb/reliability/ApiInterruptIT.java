package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.CancelledException;
import dev.dmsb.api.Dmsb;
import dev.dmsb.it.EngineSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interrupting the thread that runs the Java API's build (what a JUnit timeout or an executor's
 * shutdownNow does) cancels the build on the engine: build() throws CancelledException soon, with
 * the thread's interrupt status set, and the engine neither keeps running the step nor tags the
 * image.
 */
class ApiInterruptIT {
  static final Duration LIMIT = Duration.ofSeconds(60);

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  @ParameterizedTest
  @EnumSource(
      value = BuildBackend.class,
      names = {"BUILDKIT", "LEGACY"})
  void interruptingTheCallerCancelsTheBuildOnTheEngine(BuildBackend builder) throws Exception {
    String marker = "api-interrupt-" + builder.name().toLowerCase(java.util.Locale.ROOT);
    String tag = engine.imageName(marker);
    // The step would run for 10 minutes: once its process is gone, only the cancellation can
    // have ended it, so the build failed and no image can come of it.
    Files.writeString(
        work.resolve("Dockerfile"),
        "FROM "
            + EngineSupport.BASE_IMAGE
            + "\nRUN echo "
            + marker
            + "-$(date +%s%N) && sleep 600 && echo finished > /finished\n");
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    CompletableFuture<Boolean> interruptStatus = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                Dmsb.build(work).backend(builder).noCache().tag(tag).build();
                thrown.complete(null);
              } catch (Throwable e) {
                thrown.complete(e);
              }
              interruptStatus.complete(Thread.currentThread().isInterrupted());
            });
    caller.start();
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!EngineFaultsIT.stepRunning(marker)) {
      assertThat(System.nanoTime()).as("the engine runs the step").isLessThan(deadline);
      assertThat(thrown).as("the build is still running").isNotDone();
      Thread.sleep(50);
    }
    caller.interrupt();

    Throwable e = thrown.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(CancelledException.class).hasMessageContaining("interrupted");
    assertThat(interruptStatus.get()).as("interrupt status kept").isTrue();
    InterruptIT.waitUntil(() -> !stepRunningQuietly(marker));
    assertThat(EngineFaultsIT.imageExists(tag)).isFalse();
  }

  private static boolean stepRunningQuietly(String marker) {
    try {
      return EngineFaultsIT.stepRunning(marker);
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
