package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.control.BuildkitVersion;
import dev.dmsb.buildkit.proto.control.BytesMessage;
import dev.dmsb.buildkit.proto.control.InfoResponse;
import dev.dmsb.buildkit.proto.control.ListWorkersResponse;
import dev.dmsb.buildkit.proto.control.Platform;
import dev.dmsb.buildkit.proto.control.SolveResponse;
import dev.dmsb.buildkit.proto.control.StatusResponse;
import dev.dmsb.buildkit.proto.control.Vertex;
import dev.dmsb.buildkit.proto.control.VertexLog;
import dev.dmsb.buildkit.proto.control.WorkerRecord;
import dev.dmsb.buildkit.proto.wire.Timestamp;
import dev.dmsb.engine.net.UnixConnection;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in BuildKit daemon on a unix socket, for the launcher's class-data-sharing training only:
 * it answers the Control API's calls that {@code dmsb build --buildkit-host} makes (Info,
 * ListWorkers, Session, Status, Solve) with canned answers (a cached step, a step with a log line,
 * a made-up image digest), so that a training build goes the whole way and the classes a real build
 * on a daemon loads come from the archive. It builds nothing and reaches nothing else. Each
 * connection is served by a {@link SessionServer}, which is a gRPC server on one connection.
 */
final class StandInDaemon implements AutoCloseable {
  private static final String DIGEST = "sha256:" + "0".repeat(63) + "1";

  private final ServerSocketChannel listener;
  private final Path socket;
  private final List<SessionServer> servers = new ArrayList<>();
  private final Thread acceptor;

  private StandInDaemon(ServerSocketChannel listener, Path socket) {
    this.listener = listener;
    this.socket = socket;
    this.acceptor = new Thread(this::accept, "dmsb-stand-in-daemon");
    acceptor.setDaemon(true);
  }

  /** Serves on {@code socket} (a path that does not exist yet) until closed. */
  static StandInDaemon start(Path socket) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    StandInDaemon daemon = new StandInDaemon(listener, socket);
    daemon.acceptor.start();
    return daemon;
  }

  private void accept() {
    int n = 0;
    while (listener.isOpen()) {
      SocketChannel c;
      try {
        c = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      SessionServer server =
          SessionServer.start("stand-in-daemon-" + n++, List.of(control()), why -> {});
      synchronized (servers) {
        servers.add(server);
      }
      server.attach(UnixConnection.of(c), new byte[0]);
    }
  }

  private static ServerServiceDefinition control() {
    return ServerServiceDefinition.builder("moby.buildkit.v1.Control")
        .addMethod(
            ControlCalls.INFO,
            ServerCalls.asyncUnaryCall(
                (request, answer) ->
                    answer(
                        answer,
                        InfoResponse.newBuilder()
                            .setBuildkitVersion(
                                BuildkitVersion.newBuilder()
                                    .setPackage("github.com/moby/buildkit")
                                    .setVersion("v0.0.0-stand-in"))
                            .build())))
        .addMethod(
            ControlCalls.LIST_WORKERS,
            ServerCalls.asyncUnaryCall(
                (request, answer) ->
                    answer(
                        answer,
                        ListWorkersResponse.newBuilder()
                            .addRecord(
                                WorkerRecord.newBuilder()
                                    .setID("stand-in")
                                    .addPlatforms(
                                        Platform.newBuilder()
                                            .setOS("linux")
                                            .setArchitecture("amd64")))
                            .build())))
        .addMethod(
            ControlCalls.SESSION,
            ServerCalls.asyncBidiStreamingCall(
                answer ->
                    new StreamObserver<BytesMessage>() {
                      @Override
                      public void onNext(BytesMessage value) {
                        // the session's bytes are not read: no call goes back to the client
                      }

                      @Override
                      public void onError(Throwable t) {
                        // the client went away
                      }

                      @Override
                      public void onCompleted() {
                        answer.onCompleted();
                      }
                    }))
        .addMethod(
            ControlCalls.STATUS,
            ServerCalls.asyncServerStreamingCall(
                (request, answer) -> {
                  Timestamp now = Timestamp.newBuilder().setSeconds(1).build();
                  Vertex cached =
                      Vertex.newBuilder()
                          .setDigest("sha256:" + "0".repeat(63) + "2")
                          .setName("[stage-0 1/2] COPY file /file")
                          .setCached(true)
                          .setStarted(now)
                          .setCompleted(now)
                          .build();
                  Vertex run =
                      Vertex.newBuilder()
                          .setDigest("sha256:" + "0".repeat(63) + "3")
                          .setName("[stage-0 2/2] RUN true")
                          .setStarted(now)
                          .build();
                  answer.onNext(StatusResponse.newBuilder().addVertexes(cached).build());
                  answer.onNext(
                      StatusResponse.newBuilder()
                          .addVertexes(run)
                          .addLogs(
                              VertexLog.newBuilder()
                                  .setVertex(run.getDigest())
                                  .setTimestamp(now)
                                  .setMsg(com.google.protobuf.ByteString.copyFromUtf8("done\n")))
                          .build());
                  answer.onNext(
                      StatusResponse.newBuilder()
                          .addVertexes(run.toBuilder().setCompleted(now))
                          .build());
                  answer.onCompleted();
                }))
        .addMethod(
            ControlCalls.SOLVE,
            ServerCalls.asyncUnaryCall(
                (request, answer) ->
                    answer(
                        answer,
                        SolveResponse.newBuilder()
                            .putExporterResponse("containerimage.digest", DIGEST)
                            .putExporterResponse("containerimage.config.digest", DIGEST)
                            .build())))
        .build();
  }

  private static <T> void answer(StreamObserver<T> answer, T value) {
    answer.onNext(value);
    answer.onCompleted();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (servers) {
      servers.forEach(SessionServer::close);
    }
    Files.deleteIfExists(socket);
  }
}
