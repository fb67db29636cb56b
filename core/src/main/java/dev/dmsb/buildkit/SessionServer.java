package dev.dmsb.buildkit;

import dev.dmsb.buildkit.h2.H2GrpcServer;
import dev.dmsb.engine.EngineConnection;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The HTTP/2 and gRPC server of a session on the upgraded connection: dmsb's own {@link
 * H2GrpcServer}, which reads the connection on the session's thread and runs the services on
 * grpc-java's call API, with no event loops or in-process relay between it and the engine.
 *
 * <p>The thread starts before the connection is there and readies the messages' descriptors while
 * the upgrade is on its way; the engine knows the session from the {@code 101} on and waits for the
 * server's HTTP/2 settings before its first call.
 */
final class SessionServer implements AutoCloseable {
  private final String id;
  private final Consumer<String> ended;
  private final H2GrpcServer server;
  private final Thread thread;
  private final CompletableFuture<Attached> attached = new CompletableFuture<>();
  // set by the session's thread; closing is read by both
  private EngineConnection connection;
  private boolean closing;

  /** The upgraded connection and the bytes that came after the {@code 101}. */
  private record Attached(EngineConnection connection, byte[] pastUpgrade) {}

  private SessionServer(String id, List<ServerServiceDefinition> services, Consumer<String> ended) {
    this.id = id;
    this.ended = ended;
    this.server =
        new H2GrpcServer(
            "dmsb-session-" + id,
            services.stream()
                .map(s -> ServerInterceptors.intercept(s, SessionServices.headersIntoContext()))
                .toList());
    this.thread = new Thread(this::run, "dmsb-session-" + id);
    thread.setDaemon(true);
  }

  /**
   * Starts serving {@code services} on a thread of the session's own, for the connection that
   * {@link #attach} gives; {@code ended} learns why the session ended (the engine closed the
   * connection, it failed) if it ends before {@link #close()}.
   */
  static SessionServer start(
      String id, List<ServerServiceDefinition> services, Consumer<String> ended) {
    SessionServer s = new SessionServer(id, services, ended);
    s.thread.start();
    return s;
  }

  /** The upgraded connection to serve, and what was read past its {@code 101}. */
  void attach(EngineConnection upgraded, byte[] pastUpgrade) {
    attached.complete(new Attached(upgraded, pastUpgrade));
  }

  /** Bytes written to the engine's connection. */
  long bytesSent() {
    return server.bytesSent();
  }

  private void run() {
    Attached a;
    try {
      SessionServices.prepareMessages();
      a = attached.get();
    } catch (InterruptedException | ExecutionException | RuntimeException e) {
      close();
      return;
    }
    if (a == null) {
      return;
    }
    synchronized (this) {
      connection = a.connection();
      if (closing) {
        closeQuietly(a.connection());
        return;
      }
    }
    try {
      InputStream in =
          new SequenceInputStream(
              new ByteArrayInputStream(a.pastUpgrade()), a.connection().input());
      server.serve(in, a.connection().output());
      ended("the engine closed the session");
    } catch (IOException | RuntimeException e) {
      ended("the session's connection failed: " + e.getMessage());
    }
    server.close();
  }

  private void ended(String why) {
    boolean closed;
    synchronized (this) {
      closed = closing;
    }
    if (!closed) {
      ended.accept(why);
    }
  }

  @Override
  public void close() {
    EngineConnection c;
    synchronized (this) {
      closing = true;
      c = connection;
    }
    attached.complete(null);
    server.close();
    if (c != null) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(EngineConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  @Override
  public String toString() {
    return "session " + id;
  }
}
