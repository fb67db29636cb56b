package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Images as archives, both ways: {@code GET /images/{name}/get} read as it arrives (guarded by the
 * stream read timeout) and {@code POST /images/load}, on the streams' connection pool.
 */
final class ImageArchives {
  private final String address;
  private final DockerHttpClient streams;
  private final Duration streamRead;

  /** {@code streamRead}: the longest silence while reading an archive, or null for none. */
  ImageArchives(String address, DockerHttpClient streams, Duration streamRead) {
    this.address = address;
    this.streams = streams;
    this.streamRead = streamRead;
  }

  /** {@code GET /images/{name}/get}; cancelling aborts the connection. */
  <T> T export(String image, Engine.ArchiveReader<T> reader, Cancellation cancellation)
      throws EngineException {
    if (cancellation.isCancelled()) {
      throw OperationCancelledException.exporting(image);
    }
    Request request =
        Request.builder()
            .method(Request.Method.GET)
            .path("/images/" + BuildQuery.imagePath(image) + "/get")
            .build();
    try (Response response = DockerEngine.send(address, streams, request)) {
      int status = response.getStatusCode();
      if (status == 404) {
        throw new ImageNotFoundException(
            image, EngineErrors.engineMessage(DockerEngine.readSome(response.getBody()), status));
      }
      if (status != 200) {
        throw new EngineException(
            "Exporting "
                + image
                + " failed: "
                + EngineErrors.engineMessage(DockerEngine.readSome(response.getBody()), status));
      }
      try (Cancellation.Registration abort = cancellation.onCancel(response::close);
          InputStream archive = IdleTimeout.guard(response.getBody(), streamRead, response)) {
        T result = reader.read(archive);
        if (cancellation.isCancelled()) {
          throw OperationCancelledException.exporting(image);
        }
        return result;
      } catch (IOException e) {
        if (cancellation.isCancelled()) {
          throw OperationCancelledException.exporting(image);
        }
        throw new EngineException(
            "Reading the archive of " + image + " from the engine at " + address + " failed: " + e,
            e);
      }
    }
  }

  /** {@code POST /images/load}. */
  void load(InputStream archive) throws EngineException {
    Request request =
        Request.builder()
            .method(Request.Method.POST)
            .path("/images/load?quiet=1")
            .putHeader("Content-Type", "application/x-tar")
            .body(archive)
            .build();
    try (Response response = DockerEngine.send(address, streams, request)) {
      int status = response.getStatusCode();
      byte[] body = DockerEngine.readSome(response.getBody());
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      if (status != 200) {
        throw new EngineException(
            "The engine at "
                + address
                + " refused the image archive (POST /images/load): "
                + EngineErrors.engineMessage(body, status));
      }
      int error = text.indexOf("\"errorDetail\"");
      if (error >= 0) {
        throw new EngineException(
            "The engine at " + address + " could not load the image archive: " + text.strip());
      }
    }
  }
}
