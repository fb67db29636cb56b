package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The HTTP/2 and gRPC server of a session on the upgraded connection. grpc-java serves only
 * channels it accepts itself, so the server listens on an in-process Netty address and a relay
 * joins it to the engine's connection: one thread copies what the engine sends (first the bytes
 * that came with the {@code 101}) into the in-process channel, and that channel's own event loop
 * writes what the server sends to the engine. HTTP/2 flow control bounds what waits in between.
 */
final class SessionServer implements AutoCloseable {
  private static final int READ_BUFFER = 64 * 1024;

  /**
   * Netty and gRPC log through java.util.logging, whose default handler prints to stderr; library
   * code never prints. Kept here so the settings are not collected. Netty warns, for one, that an
   * in-process channel has no TCP keep-alive option, which gRPC's server sets on every channel.
   * {@code -Ddmsb.session.log=true} leaves their logging as configured.
   */
  private static final List<java.util.logging.Logger> QUIET = quiet("io.netty", "io.grpc");

  private final EngineConnection connection;
  private final EventLoopGroup serverLoop;
  private final EventLoopGroup relayLoop;
  private final Server server;
  private final Channel relay;
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile boolean closing;

  private SessionServer(
      EngineConnection connection,
      EventLoopGroup serverLoop,
      EventLoopGroup relayLoop,
      Server server,
      Channel relay) {
    this.connection = connection;
    this.serverLoop = serverLoop;
    this.relayLoop = relayLoop;
    this.server = server;
    this.relay = relay;
  }

  /**
   * Serves {@code services} on {@code connection}; {@code ended} learns why the connection ended if
   * it ends before {@link #close()}.
   */
  static SessionServer start(
      EngineConnection connection,
      byte[] pastUpgrade,
      String id,
      List<ServerServiceDefinition> services,
      Consumer<String> ended)
      throws IOException {
    LocalAddress address = new LocalAddress("dmsb-session-" + id);
    EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    EventLoopGroup relayLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    SessionServer[] self = new SessionServer[1];
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(address)
              .channelType(LocalServerChannel.class)
              .bossEventLoopGroup(serverLoop)
              .workerEventLoopGroup(serverLoop)
              .maxInboundMessageSize(16 * 1024 * 1024)
              // grpc-go clients ping to measure bandwidth; a strict server would GOAWAY them
              .permitKeepAliveTime(1, TimeUnit.SECONDS)
              .permitKeepAliveWithoutCalls(true)
              .intercept(SessionServices.headersIntoContext());
      for (ServerServiceDefinition s : services) {
        builder.addService(s);
      }
      Server server = builder.build().start();
      OutputStream toEngine = connection.output();
      Channel relay =
          new Bootstrap()
              .group(relayLoop)
              .channel(LocalChannel.class)
              .handler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ByteBuf buf = (ByteBuf) msg;
                      try {
                        int n = buf.readableBytes();
                        byte[] bytes = new byte[n];
                        buf.readBytes(bytes);
                        toEngine.write(bytes);
                        self[0].bytesSent.addAndGet(n);
                      } catch (IOException e) {
                        self[0].ended("writing to the engine failed: " + e.getMessage(), ended);
                      } finally {
                        buf.release();
                      }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                      try {
                        toEngine.flush();
                      } catch (IOException e) {
                        self[0].ended("writing to the engine failed: " + e.getMessage(), ended);
                      }
                    }
                  })
              .connect(address)
              .sync()
              .channel();
      self[0] = new SessionServer(connection, serverLoop, relayLoop, server, relay);
      Thread pump = new Thread(() -> self[0].pump(pastUpgrade, ended), "dmsb-session-" + id);
      pump.setDaemon(true);
      pump.start();
      return self[0];
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown(serverLoop, relayLoop);
      throw new IOException("interrupted while starting the session server", e);
    } catch (IOException | RuntimeException e) {
      shutdown(serverLoop, relayLoop);
      throw e;
    }
  }

  private static List<java.util.logging.Logger> quiet(String... names) {
    if (Boolean.getBoolean("dmsb.session.log")) {
      return List.of();
    }
    List<java.util.logging.Logger> loggers = new java.util.ArrayList<>();
    for (String n : names) {
      java.util.logging.Logger l = java.util.logging.Logger.getLogger(n);
      l.setLevel(java.util.logging.Level.OFF);
      loggers.add(l);
    }
    return loggers;
  }

  /** Bytes written to the engine's connection. */
  long bytesSent() {
    return bytesSent.get();
  }

  private void pump(byte[] pastUpgrade, Consumer<String> ended) {
    try {
      if (pastUpgrade.length > 0) {
        relay.writeAndFlush(Unpooled.wrappedBuffer(pastUpgrade));
      }
      InputStream in = connection.input();
      while (true) {
        byte[] buffer = new byte[READ_BUFFER];
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        ChannelFuture f = relay.writeAndFlush(Unpooled.wrappedBuffer(buffer, 0, n));
        if (!relay.isWritable()) {
          f.awaitUninterruptibly();
        }
      }
      ended("the engine closed the session", ended);
    } catch (IOException e) {
      ended("the session's connection failed: " + e.getMessage(), ended);
    }
  }

  private void ended(String why, Consumer<String> ended) {
    if (!closing) {
      ended.accept(why);
    }
    relay.close();
  }

  @Override
  public void close() {
    closing = true;
    try {
      connection.close();
    } catch (IOException e) {
      // closed either way
    }
    relay.close();
    server.shutdownNow();
    shutdown(serverLoop, relayLoop);
  }

  private static void shutdown(EventLoopGroup... groups) {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
