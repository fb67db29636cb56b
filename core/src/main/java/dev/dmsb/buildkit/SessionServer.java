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
import java.io.BufferedOutputStream;
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
 * writes what the server sends to the engine, a batch of frames at a time. HTTP/2 flow control
 * bounds what waits in between.
 *
 * <p>The server starts on that thread while the caller goes on: the engine knows the session from
 * the {@code 101} on and waits for the server's HTTP/2 settings before its first call, so the build
 * request need not wait for Netty and gRPC to be set up.
 */
final class SessionServer implements AutoCloseable {
  private static final int READ_BUFFER = 64 * 1024;
  private static final int WRITE_BUFFER = 64 * 1024;

  static {
    NettyDefaults.apply();
  }

  private final String id;
  private final Consumer<String> ended;
  private final AtomicLong bytesSent = new AtomicLong();
  private final Thread thread;
  private final java.util.concurrent.CompletableFuture<Attached> attached =
      new java.util.concurrent.CompletableFuture<>();
  // set by the session's thread as the server comes up; closing is read by both
  private EngineConnection connection;
  private EventLoopGroup serverLoop;
  private EventLoopGroup relayLoop;
  private Server server;
  private Channel relay;
  private boolean closing;

  /** The upgraded connection and the bytes that came after the {@code 101}. */
  private record Attached(EngineConnection connection, byte[] pastUpgrade) {}

  private SessionServer(String id, List<ServerServiceDefinition> services, Consumer<String> ended) {
    this.id = id;
    this.ended = ended;
    this.thread = new Thread(() -> run(services), "dmsb-session-" + id);
    thread.setDaemon(true);
  }

  /**
   * Starts serving {@code services} on a thread of the session's own, for the connection that
   * {@link #attach} gives; {@code ended} learns why the session ended (the server could not start,
   * the engine closed the connection, it failed) if it ends before {@link #close()}.
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

  private void run(List<ServerServiceDefinition> services) {
    Attached a;
    try {
      if (!serve(services)) {
        return;
      }
      a = attached.get();
    } catch (IOException | RuntimeException e) {
      ended("the session's server did not start: " + e.getMessage());
      close();
      return;
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      close();
      return;
    }
    if (a == null || !connect(a.connection())) {
      return;
    }
    pump(a.pastUpgrade());
  }

  private LocalAddress address() {
    return new LocalAddress("dmsb-session-" + id);
  }

  /** Starts the server; false when the session was closed meanwhile. */
  private boolean serve(List<ServerServiceDefinition> services) throws IOException {
    LocalAddress address = address();
    EventLoopGroup sLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    EventLoopGroup rLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    synchronized (this) {
      serverLoop = sLoop;
      relayLoop = rLoop;
      if (closing) {
        shutdown(sLoop, rLoop);
        return false;
      }
    }
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(address)
            .channelType(LocalServerChannel.class)
            .bossEventLoopGroup(sLoop)
            .workerEventLoopGroup(sLoop)
            .maxInboundMessageSize(16 * 1024 * 1024)
            // grpc-go clients ping to measure bandwidth; a strict server would GOAWAY them
            .permitKeepAliveTime(1, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .intercept(SessionServices.headersIntoContext());
    for (ServerServiceDefinition s : services) {
      builder.addService(s);
    }
    Server srv = builder.build().start();
    SessionServices.prepareMessages();
    synchronized (this) {
      server = srv;
      if (closing) {
        srv.shutdownNow();
        return false;
      }
    }
    return true;
  }

  /** Joins the server to the engine's connection; false when the session was closed meanwhile. */
  private boolean connect(EngineConnection upgraded) {
    synchronized (this) {
      connection = upgraded;
      if (closing) {
        closeQuietly(upgraded);
        return false;
      }
    }
    try {
      OutputStream toEngine = new BufferedOutputStream(upgraded.output(), WRITE_BUFFER);
      Channel r =
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
                        buf.readBytes(toEngine, n);
                        bytesSent.addAndGet(n);
                      } catch (IOException e) {
                        ended("writing to the engine failed: " + e.getMessage());
                        ctx.close();
                      } finally {
                        buf.release();
                      }
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                      // the frames of one batch go out in one write
                      try {
                        toEngine.flush();
                      } catch (IOException e) {
                        ended("writing to the engine failed: " + e.getMessage());
                        ctx.close();
                      }
                    }
                  })
              .connect(address())
              .sync()
              .channel();
      synchronized (this) {
        relay = r;
        if (closing) {
          r.close();
          return false;
        }
      }
    } catch (InterruptedException e) {
      close();
      return false;
    } catch (RuntimeException e) {
      ended("the session's relay did not start: " + e.getMessage());
      close();
      return false;
    }
    return true;
  }

  /** Bytes written to the engine's connection. */
  long bytesSent() {
    return bytesSent.get();
  }

  private void pump(byte[] pastUpgrade) {
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
      ended("the engine closed the session");
    } catch (IOException e) {
      ended("the session's connection failed: " + e.getMessage());
    }
    relay.close();
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
    if (c != null) {
      closeQuietly(c);
    }
    Channel r;
    Server srv;
    EventLoopGroup sLoop;
    EventLoopGroup rLoop;
    synchronized (this) {
      r = relay;
      srv = server;
      sLoop = serverLoop;
      rLoop = relayLoop;
    }
    // what the session's thread has not started yet it will not start
    if (r != null) {
      r.close();
    }
    if (srv != null) {
      srv.shutdownNow();
    }
    if (sLoop != null) {
      shutdown(sLoop, rLoop);
    }
  }

  private static void closeQuietly(EngineConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  private static void shutdown(EventLoopGroup... groups) {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
