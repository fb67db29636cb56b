package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.ContextWriteException;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.OperationCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code POST /build}: the context written on a thread of its own into a {@link ContextPipe}
 * that is the request body, the response stream parsed as it arrives, cancellation by closing the
 * response.
 */
final class BuildSubmission {
  private static final long WRITER_JOIN_MILLIS = 5_000;

  private final String address;
  private final DockerHttpClient http;
  private final DockerHttpClient control;
  private final Duration idleLimit;

  /**
   * {@code http} carries the build stream, {@code control} the short cancel request; {@code
   * idleLimit}: the stream read timeout, or null to wait for the engine forever.
   */
  BuildSubmission(
      String address, DockerHttpClient http, DockerHttpClient control, Duration idleLimit) {
    this.address = address;
    this.http = http;
    this.control = control;
    this.idleLimit = idleLimit;
  }

  BuildOutcome submit(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    boolean inSession = request.session() != null;
    ContextPipe pipe = new ContextPipe();
    InputStream body = pipe.source();
    Thread writer = new Thread(() -> write(context, pipe), "dmsb-context-writer");
    writer.setDaemon(true);
    AtomicReference<Response> open = new AtomicReference<>();
    Request.Builder builder =
        Request.builder().method(Request.Method.POST).path(BuildQuery.buildPath(request));
    if (inSession) {
      // No body: the engine asks the session for the files. An empty body, not a missing one, so
      // the transport sends Content-Length: 0 and nothing after the headers.
      builder.body(InputStream.nullInputStream());
    } else {
      builder.putHeader("Content-Type", "application/x-tar").body(body);
    }
    if (!request.registryAuth().isEmpty()) {
      builder.putHeader("X-Registry-Config", BuildQuery.registryConfig(request.registryAuth()));
    }
    try (Cancellation.Registration reg =
        cancellation.onCancel(
            () -> {
              // Closing the body stops the upload; closing the response aborts the connection,
              // and the engine cancels a build whose client went away. BuildKit is told by ID
              // too, as the docker CLI does.
              if (request.buildId() != null) {
                cancelById(request.buildId());
              }
              closeQuietly(body);
              Response r = open.get();
              if (r != null) {
                r.close();
              }
            })) {
      if (!inSession) {
        writer.start();
      }
      Response response;
      try {
        response = http.execute(builder.build());
      } catch (RuntimeException e) {
        throw sendFailure(e, pipe, cancellation);
      }
      open.set(response);
      if (cancellation.isCancelled()) {
        response.close();
        throw cancelled();
      }
      try (response) {
        return read(response, request, pipe, listener, cancellation);
      }
    } finally {
      closeQuietly(body);
      join(writer);
    }
  }

  private BuildOutcome read(
      Response response,
      BuildRequest request,
      ContextPipe pipe,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    boolean exported = request.output() != null;
    int status = response.getStatusCode();
    if (status != 200) {
      // An error before the stream started: {"message": "..."} with an HTTP error status.
      String message =
          EngineErrors.buildRefused(DockerEngine.readSome(response.getBody()), status, request);
      listener.on(new BuildEvent.Error(message));
      return new BuildOutcome(Optional.empty(), Optional.of(message), pipe.bytesRead());
    }
    BuildStreamParser parser = new BuildStreamParser(listener);
    try {
      parser.readAll(IdleTimeout.guard(response.getBody(), idleLimit, response));
    } catch (IOException e) {
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      throw EngineErrors.lost(address, "the build", e);
    } catch (RuntimeException e) {
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      throw e;
    }
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    Optional<String> error = parser.error();
    // A build exported to an output names no image: its success is the stream's end.
    if (error.isEmpty() && parser.imageId().isEmpty() && !exported) {
      error = Optional.of("The engine ended the build stream without naming an image or an error.");
    }
    return new BuildOutcome(
        error.isPresent() ? Optional.empty() : parser.imageId(), error, pipe.bytesRead());
  }

  private EngineException sendFailure(
      RuntimeException e, ContextPipe pipe, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      return cancelled();
    }
    Throwable failure = pipe.writerFailure();
    if (failure != null) {
      String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      return new ContextWriteException("Cannot send the build context: " + message, failure);
    }
    IOException io = EngineErrors.ioCause(e);
    if (io != null) {
      return EngineErrors.unreachable(address, io);
    }
    return new EngineException(
        "Sending the build to the engine at " + address + " failed: " + e, e);
  }

  private static void write(BuildContextWriter context, ContextPipe pipe) {
    OutputStream sink = pipe.sink();
    try {
      context.writeTo(sink);
      pipe.finish(sink);
    } catch (Throwable t) {
      // Everything, including errors: the reader must learn that the context is incomplete.
      pipe.fail(t);
    }
  }

  /** {@code POST /build/cancel?id=}; a failure is left to the closed connection to make good. */
  private void cancelById(String buildId) {
    Request cancel =
        Request.builder()
            .method(Request.Method.POST)
            .path(BuildQuery.cancelPath(buildId))
            .body(InputStream.nullInputStream())
            .build();
    try (Response r = control.execute(cancel)) {
      DockerEngine.readSome(r.getBody());
    } catch (RuntimeException e) {
      // the engine also stops the build when the connection closes below
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // The pipe's source does not fail on close.
    }
  }

  private static void join(Thread writer) {
    if (writer.getState() == Thread.State.NEW) {
      return;
    }
    try {
      // The writer notices a closed pipe within 100 ms; a writer stuck in a read of its own is
      // left behind (it is a daemon thread) rather than blocking the caller.
      writer.join(WRITER_JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static OperationCancelledException cancelled() {
    return new OperationCancelledException(
        "The build was cancelled; the connection was closed so the engine stops it.");
  }
}
