package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.buildkit.proto.health.HealthCheckRequest;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session's worth of work inside the JVM, with no engine: the session's services on an
 * in-process server, called by an in-process gRPC client (a health check and a file sync of a small
 * temporary folder). The launcher's class-data-sharing training runs it, so that the classes a real
 * session loads (Netty, gRPC, the messages) are in the archive and a BuildKit build does not load
 * them from the jar.
 */
final class SessionWarmUp {
  private SessionWarmUp() {}

  static void run() throws Exception {
    NettyDefaults.apply();
    Path dir = Files.createTempDirectory("dmsb-session-warm-up");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    Server server = null;
    ManagedChannel channel = null;
    try {
      Files.writeString(dir.resolve("file.txt"), "warm-up\n");
      SessionOffer offer =
          new SessionOffer(
              "warm-up",
              "warm-up",
              List.of(new SyncedDirectory.Folder("context", dir, SyncFilter.everything())),
              null);
      SessionServices services = new SessionServices(offer);
      services.readAhead();
      LocalAddress address = new LocalAddress("dmsb-warm-up-" + BuildkitSessions.newId());
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(address)
              .channelType(LocalServerChannel.class)
              .bossEventLoopGroup(group)
              .workerEventLoopGroup(group)
              .intercept(SessionServices.headersIntoContext());
      services.definitions().forEach(builder::addService);
      server = builder.build().start();
      channel =
          NettyChannelBuilder.forAddress(address)
              .channelType(LocalChannel.class)
              .eventLoopGroup(group)
              .usePlaintext()
              .build();
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
        channel.shutdownNow();
      }
      if (server != null) {
        server.shutdownNow();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
