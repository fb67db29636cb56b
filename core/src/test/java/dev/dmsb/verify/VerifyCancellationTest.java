package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.OperationCancelledException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C during a verification: an export blocked on the engine is closed and the verification ends
 * with {@link OperationCancelledException}, not a report made of half an archive; once cancelled,
 * nothing more is asked of the engine.
 */
class VerifyCancellationTest {

  @Test
  void cancellingStopsAnExportBlockedOnTheEngine() throws Exception {
    FakeEngine engine = Samples.engineWith("named", "buildkit");
    engine.blockingExport = new FakeEngine.BlockingArchive();
    VerifyRequest request = VerifyRequest.of(Samples.image("named", "buildkit")).withFileScan(true);
    Cancellation cancellation = Cancellation.create();

    CompletableFuture<Object> verifying =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ImageVerifier.verify(engine, request, cancellation);
              } catch (Exception e) {
                return e;
              }
            });
    // Generous bounds against a hang; nothing here measures time.
    assertThat(engine.blockingExport.reading.await(30, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();

    assertThat(verifying.get(30, TimeUnit.SECONDS)).isInstanceOf(OperationCancelledException.class);
    assertThat(engine.blockingExport.closed.getCount()).as("the stream was closed").isZero();
  }

  @Test
  void aCancelledVerificationAsksTheEngineNothing() {
    FakeEngine engine = Samples.engineWith("named", "buildkit");
    engine.down = true; // any request would fail with "unreachable" instead
    Cancellation cancellation = Cancellation.create();
    cancellation.cancel();

    assertThatThrownBy(
            () ->
                ImageVerifier.verify(
                    engine,
                    VerifyRequest.of(Samples.image("named", "buildkit")).withFileScan(true),
                    cancellation))
        .isInstanceOf(OperationCancelledException.class);
    assertThat(engine.exported).isEmpty();
  }

  @Test
  void anUncancelledVerificationStillPasses() throws Exception {
    // The control: the same image verifies with a cancellation nobody uses.
    FakeEngine engine = Samples.engineWith("named", "buildkit");
    VerifyReport report =
        ImageVerifier.verify(
            engine,
            VerifyRequest.of(Samples.image("named", "buildkit")).withExpectedLayers(3),
            Cancellation.create());
    assertThat(report.passed()).isTrue();
  }
}
