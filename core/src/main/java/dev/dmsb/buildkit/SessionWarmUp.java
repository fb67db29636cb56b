package dev.dmsb.buildkit;

import dev.dmsb.buildkit.h2.H2GrpcChannel;
import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.buildkit.proto.health.HealthCheckRequest;
import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session's worth of work inside the JVM, with no engine: the session's services on its own
 * server over a loopback socket, called by its own client (a health check and a file sync of a
 * small temporary folder). The launcher's class-data-sharing training runs it, so that the classes
 * a real session loads (its HTTP/2 server and client, gRPC's call API, the messages) are in the
 * archive and a BuildKit build does not load them from the jar.
 */
final class SessionWarmUp {
  private SessionWarmUp() {}

  static void run() throws Exception {
    Path dir = Files.createTempDirectory("dmsb-session-warm-up");
    SessionServer server = null;
    H2GrpcChannel channel = null;
    try (ServerSocket listener =
        new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Files.writeString(dir.resolve("file.txt"), "warm-up\n");
      SessionOffer offer =
          new SessionOffer(
              "warm-up",
              "warm-up",
              List.of(new SyncedDirectory.Folder("context", dir, SyncFilter.everything())),
              null);
      SessionServices services = new SessionServices(offer);
      services.readAhead();
      SessionServer started =
          SessionServer.start(
              "warm-up-" + BuildkitSessions.newId(), services.definitions(), why -> {});
      server = started;
      Thread accept =
          new Thread(
              () -> {
                try {
                  started.attach(new SocketConnection(listener.accept()), new byte[0]);
                } catch (IOException e) {
                  started.close();
                }
              },
              "dmsb-session-warm-up-accept");
      accept.setDaemon(true);
      accept.start();
      Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
      channel =
          H2GrpcChannel.open(
              "dmsb-session-warm-up",
              "the warm-up session",
              "localhost",
              client.getInputStream(),
              client.getOutputStream());
      ClientCalls.blockingUnaryCall(
          channel,
          SessionServices.HEALTH_CHECK,
          io.grpc.CallOptions.DEFAULT,
          HealthCheckRequest.getDefaultInstance());
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(
          io.grpc.Metadata.Key.of("dir-name", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "context");
      io.grpc.Channel withHeaders =
          io.grpc.ClientInterceptors.intercept(
              channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
      CountDownLatch done = new CountDownLatch(1);
      @SuppressWarnings("unchecked")
      StreamObserver<Packet>[] send = new StreamObserver[1];
      send[0] =
          ClientCalls.asyncBidiStreamingCall(
              withHeaders.newCall(SessionServices.DIFF_COPY, io.grpc.CallOptions.DEFAULT),
              new StreamObserver<Packet>() {
                @Override
                public void onNext(Packet p) {
                  if (p.getType() == Packet.PacketType.PACKET_STAT && !p.hasStat()) {
                    send[0].onNext(
                        Packet.newBuilder().setType(Packet.PacketType.PACKET_REQ).setID(0).build());
                  } else if (p.getType() == Packet.PacketType.PACKET_DATA
                      && p.getData().isEmpty()) {
                    send[0].onNext(
                        Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN).build());
                  } else if (p.getType() == Packet.PacketType.PACKET_FIN) {
                    send[0].onCompleted();
                  }
                }

                @Override
                public void onError(Throwable t) {
                  done.countDown();
                }

                @Override
                public void onCompleted() {
                  done.countDown();
                }
              });
      done.await(10, TimeUnit.SECONDS);
    } finally {
      if (channel != null) {
        channel.close();
      }
      if (server != null) {
        server.close();
      }
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** A loopback socket as the session's connection. */
  private record SocketConnection(Socket socket) implements EngineConnection {
    @Override
    public InputStream input() {
      try {
        return socket.getInputStream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public OutputStream output() {
      try {
        return socket.getOutputStream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public String hostHeader() {
      return "localhost";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
