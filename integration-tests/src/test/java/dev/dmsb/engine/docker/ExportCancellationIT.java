package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling an image export on the real engine aborts the connection under the reader: its next
 * reads fail instead of receiving the rest of the archive, and the export ends in {@link
 * OperationCancelledException}.
 */
@Tag(TestEngine.TAG)
class ExportCancellationIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static final String BASE = EngineSupport.BASE_IMAGE;
  static DockerEngine engine;

  @BeforeAll
  static void connect() throws Exception {
    engine = DockerEngine.connect(EngineEndpoint.plain(TestEngine.host(), "test"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void cancellingAbortsTheArchiveStream() throws Exception {
    Cancellation cancellation = Cancellation.create();
    AtomicReference<IOException> readAfterCancel = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                engine.exportImage(
                    BASE,
                    archive -> {
                      archive.read(); // the export is under way
                      // Ctrl-C arrives on another thread, as the shutdown hook's does.
                      cancelElsewhere(cancellation);
                      try {
                        archive.readAllBytes();
                      } catch (IOException e) {
                        readAfterCancel.set(e);
                        throw e;
                      }
                      return "the whole archive";
                    },
                    cancellation))
        .isInstanceOf(OperationCancelledException.class);
    assertThat(readAfterCancel.get()).as("the connection was aborted under the reader").isNotNull();
  }

  static void cancelElsewhere(Cancellation cancellation) throws IOException {
    try {
      CompletableFuture.runAsync(cancellation::cancel).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("cancelling failed", e);
    }
  }

  @Test
  void anExportCancelledBeforeItStartsSendsNothing() {
    Cancellation cancellation = Cancellation.create();
    cancellation.cancel();
    assertThatThrownBy(
            () ->
                engine.exportImage(
                    BASE,
                    archive -> {
                      throw new AssertionError("no request expected");
                    },
                    cancellation))
        .isInstanceOf(OperationCancelledException.class);
  }
}
