package dev.dmsb.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.archive.ArchiveLayouts.Compression;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.OperationCancelledException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C during a layer read from a registry or layout closes the blob under the reader. */
class ManifestSourceCancellationTest {

  /** A blob that sends nothing until it is closed, as a stalled registry would. */
  static final class Stalled extends InputStream {
    final CountDownLatch reading = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      reading.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Stream closed");
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void cancellingClosesTheBlobAndThrows() throws Exception {
    Map<String, byte[]> layout =
        ArchiveLayouts.ociLayout("app", ArchiveStreamTest.layers(), Compression.GZIP);
    ObjectMapper json = new ObjectMapper();
    JsonNode index = json.readTree(layout.get("index.json"));
    String manifestDigest = index.path("manifests").get(0).path("digest").asText();
    JsonNode manifest = json.readTree(layout.get(ArchiveStream.blobPath(manifestDigest)));
    String configDigest = manifest.path("config").path("digest").asText();
    Stalled stalled = new Stalled();
    ManifestSource source =
        new ManifestSource() {
          @Override
          public String address() {
            return "stalled registry";
          }

          @Override
          public void ping() {}

          @Override
          protected Found find(String image) {
            return new Found(manifest, manifestDigest, List.of(), List.of());
          }

          @Override
          protected JsonNode manifest(String image, String digest) {
            return manifest;
          }

          @Override
          protected InputStream blob(String image, String digest) {
            return digest.equals(configDigest)
                ? new ByteArrayInputStream(layout.get(ArchiveStream.blobPath(digest)))
                : stalled;
          }
        };
    Cancellation cancellation = Cancellation.create();
    String id = source.inspect("app").id();
    CompletableFuture<Object> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return source.read(id, ArchiveStreamTest::names, cancellation);
              } catch (Exception e) {
                return e;
              }
            });
    assertThat(stalled.reading.await(30, TimeUnit.SECONDS)).isTrue();
    cancellation.cancel();

    Object outcome = read.get(30, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(OperationCancelledException.class);
    assertThatThrownBy(() -> source.read(id, ArchiveStreamTest::names, cancellation))
        .isInstanceOf(OperationCancelledException.class);
  }
}
