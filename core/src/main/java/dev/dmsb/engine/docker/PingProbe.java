package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.EngineException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /_ping} with a bound on the whole exchange. The request runs on a daemon thread so
 * that a peer which accepts the connection but never answers cannot hold the caller past {@code
 * limit}; the abandoned request ends when the engine's connection pool is closed.
 */
final class PingProbe {
  private PingProbe() {}

  /** The headers of {@code /_ping} that say what the engine is; each null when absent. */
  record Answer(String builderVersion, String apiVersion, String os, String server) {}

  /** Pings within {@code limit}. */
  static Answer ping(String address, DockerHttpClient http, Duration limit) throws EngineException {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                answer.complete(ping(address, http));
              } catch (Throwable e) {
                answer.completeExceptionally(e);
              }
            },
            "dmsb-engine-ping");
    t.setDaemon(true);
    t.start();
    try {
      return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw EngineErrors.unreachable(
          address,
          new SocketTimeoutException(
              "it accepted the connection but did not answer /_ping within "
                  + limit.toSeconds()
                  + " s"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EngineException ee) {
        throw ee;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new EngineException("Pinging the engine at " + address + " failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("Interrupted while pinging the engine at " + address, e);
    }
  }

  private static Answer ping(String address, DockerHttpClient http) throws EngineException {
    Request request = Request.builder().method(Request.Method.GET).path("/_ping").build();
    try (Response response = DockerEngine.send(address, http, request)) {
      if (response.getStatusCode() != 200) {
        throw new EngineException(
            "The engine at "
                + address
                + " answered /_ping with "
                + EngineErrors.engineMessage(
                    DockerEngine.readSome(response.getBody()), response.getStatusCode()));
      }
      Answer headers =
          new Answer(
              response.getHeader("Builder-Version"),
              response.getHeader("API-Version"),
              response.getHeader("OSType"),
              response.getHeader("Server"));
      DockerEngine.readSome(response.getBody());
      return headers;
    }
  }
}
