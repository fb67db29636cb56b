package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A gRPC client channel to a BuildKit daemon over connections dmsb dials itself (a unix socket,
 * tcp, TLS, a Docker engine's upgraded {@code /grpc}). grpc-java's client speaks only to channels
 * it opens itself, so it opens in-process Netty channels, and each one is relayed to a connection
 * of its own: a thread copies what the daemon sends into the in-process channel, and that channel's
 * event loop writes what the client sends to the daemon. The first connection, dialled before to
 * say at once what is wrong with the address, serves the first channel.
 */
final class ControlChannel implements AutoCloseable {
  private static final int READ_BUFFER = 64 * 1024;

  static {
    NettyDefaults.apply();
  }

  /** Dials one connection to the daemon. */
  @FunctionalInterface
  interface Dial {
    EngineConnection dial() throws ControlException;
  }

  private final EventLoopGroup relayLoop;
  private final EventLoopGroup clientLoop;
  private final Channel relayServer;
  private final ManagedChannel channel;

  private ControlChannel(
      EventLoopGroup relayLoop, EventLoopGroup clientLoop, Channel relayServer, ManagedChannel c) {
    this.relayLoop = relayLoop;
    this.clientLoop = clientLoop;
    this.relayServer = relayServer;
    this.channel = c;
  }

  /** A channel whose first connection is {@code first} and whose later ones {@code dial} makes. */
  static ControlChannel open(String name, EngineConnection first, Dial dial)
      throws ControlException {
    LocalAddress address = new LocalAddress("dmsb-control-" + name + "-" + System.nanoTime());
    EventLoopGroup relayLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    AtomicReference<EngineConnection> unused = new AtomicReference<>(first);
    try {
      Channel server =
          new ServerBootstrap()
              .group(relayLoop)
              .channel(LocalServerChannel.class)
              .childHandler(
                  new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                      ch.pipeline().addLast(new Relay(unused, dial));
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(address)
              .channelType(LocalChannel.class)
              .eventLoopGroup(clientLoop)
              .usePlaintext()
              .overrideAuthority("localhost")
              .maxInboundMessageSize(16 * 1024 * 1024)
              .build();
      return new ControlChannel(relayLoop, clientLoop, server, channel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown(relayLoop, clientLoop);
      throw new ControlException("interrupted while opening the BuildKit channel", e);
    } catch (RuntimeException e) {
      shutdown(relayLoop, clientLoop);
      throw e;
    }
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relayServer.close();
    shutdown(relayLoop, clientLoop);
  }

  private static void shutdown(EventLoopGroup... groups) {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /** One in-process channel joined to one connection to the daemon. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final AtomicReference<EngineConnection> unused;
    private final Dial dial;
    private EngineConnection connection;
    private OutputStream toDaemon;

    Relay(AtomicReference<EngineConnection> unused, Dial dial) {
      this.unused = unused;
      this.dial = dial;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      EngineConnection c = unused.getAndSet(null);
      try {
        connection = c != null ? c : dial.dial();
      } catch (ControlException e) {
        ctx.close();
        return;
      }
      toDaemon = connection.output();
      Channel ch = ctx.channel();
      InputStream in = connection.input();
      Thread pump =
          new Thread(
              () -> {
                try {
                  while (true) {
                    byte[] buffer = new byte[READ_BUFFER];
                    int n = in.read(buffer);
                    if (n < 0) {
                      break;
                    }
                    ChannelFuture f = ch.writeAndFlush(Unpooled.wrappedBuffer(buffer, 0, n));
                    if (!ch.isWritable()) {
                      f.awaitUninterruptibly();
                    }
                  }
                } catch (IOException e) {
                  // the connection broke: the channel closes and gRPC reports UNAVAILABLE
                }
                ch.close();
              },
              "dmsb-control-relay");
      pump.setDaemon(true);
      pump.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        if (toDaemon != null) {
          byte[] bytes = new byte[buf.readableBytes()];
          buf.readBytes(bytes);
          toDaemon.write(bytes);
        }
      } catch (IOException e) {
        ctx.close();
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      try {
        if (toDaemon != null) {
          toDaemon.flush();
        }
      } catch (IOException e) {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (connection != null) {
        try {
          connection.close();
        } catch (IOException e) {
          // closed either way
        }
      }
    }
  }
}
