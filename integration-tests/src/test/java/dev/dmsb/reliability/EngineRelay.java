package dev.dmsb.reliability;

import dev.dmsb.it.TestEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A unix-socket relay between dmsb and the real engine (DOCKER_HOST, else /var/run/docker.sock),
 * for fault tests: it records every byte dmsb sends, and can cut all connections (the engine "goes
 * away") or stop passing the engine's answers on (a stalled stream).
 *
 * <pre>{@code
 * try (EngineRelay relay = EngineRelay.start(dir)) {
 *   run dmsb with --host relay.host() ...; relay.cut();
 * }
 * }</pre>
 */
final class EngineRelay implements AutoCloseable {
  static final Path ENGINE_SOCKET = Path.of(java.net.URI.create(TestEngine.host()).getPath());

  private final Path socket;
  private final ServerSocketChannel server;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final AtomicLong answered = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  // Signalled whenever a flag below changes or a connection closes.
  private final Condition changed = lock.newCondition();
  private boolean stalled;
  private boolean sessionHeld;
  private boolean cut;
  private boolean sessionEndedByEngine;

  private EngineRelay(Path socket, ServerSocketChannel server) {
    this.socket = socket;
    this.server = server;
  }

  /** Starts relaying from a new socket in {@code dir} to the engine. */
  static EngineRelay start(Path dir) throws IOException {
    Path socket = dir.resolve("relay-" + System.nanoTime() + ".sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    EngineRelay relay = new EngineRelay(socket, server);
    Thread acceptor = new Thread(relay::acceptLoop, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return relay;
  }

  /** The address to give dmsb ({@code unix:///...}). */
  String host() {
    return "unix://" + socket;
  }

  /** Every byte dmsb sent to the engine so far, over all connections. */
  byte[] sentBytes() {
    synchronized (sent) {
      return sent.toByteArray();
    }
  }

  /** How many bytes of answers the engine has sent back so far. */
  long answeredBytes() {
    return answered.get();
  }

  /** From now on the engine's answers are held back: dmsb sees a connection that goes silent. */
  void stall() {
    update(() -> stalled = true);
  }

  /**
   * From now on what dmsb sends on its BuildKit session connections ({@code POST /session}) is held
   * back: its answers to the engine's health checks never arrive, as if the session had hung.
   */
  void holdSessionAnswers() {
    update(() -> sessionHeld = true);
  }

  /**
   * Waits at most {@code bound} for the engine to close a BuildKit session connection ({@code POST
   * /session}) from its side; whether it did.
   */
  boolean awaitSessionEndedByEngine(Duration bound) throws InterruptedException {
    return await(() -> sessionEndedByEngine, bound);
  }

  /** Waits at most {@code bound} for every connection to be closed; whether they were. */
  boolean awaitAllClosed(Duration bound) throws InterruptedException {
    return await(() -> !hasOpenConnections(), bound);
  }

  /** The engine goes away: every connection is closed and new ones are refused. */
  void cut() {
    update(() -> cut = true);
    try {
      server.close();
    } catch (IOException e) {
      // closing a listening channel does not fail in a way a test could act on
    }
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
  }

  /** Whether any connection is still open (dmsb or the engine still holding one). */
  boolean hasOpenConnections() {
    return open.stream().anyMatch(SocketChannel::isOpen);
  }

  @Override
  public void close() throws IOException {
    cut();
    Files.deleteIfExists(socket);
  }

  private void acceptLoop() {
    while (!isCut()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      SocketChannel engine;
      try {
        engine = SocketChannel.open(UnixDomainSocketAddress.of(ENGINE_SOCKET));
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      open.add(engine);
      Link link = new Link();
      pump(client, engine, true, link);
      pump(engine, client, false, link);
    }
  }

  /** What the two directions of one connection share: whether it is a session's. */
  private static final class Link {
    volatile boolean session;
  }

  private void pump(SocketChannel from, SocketChannel to, boolean fromDmsb, Link link) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
              boolean first = true;
              try {
                while (from.read(buffer) >= 0) {
                  buffer.flip();
                  if (fromDmsb) {
                    if (first) {
                      link.session =
                          new String(buffer.array(), 0, buffer.limit(), StandardCharsets.ISO_8859_1)
                              .startsWith("POST /session");
                      first = false;
                    }
                    synchronized (sent) {
                      sent.write(buffer.array(), 0, buffer.limit());
                    }
                    // held: the engine waits for the answer in vain
                    awaitPassing(() -> link.session && sessionHeld, to);
                  } else {
                    // held back: dmsb's read timeout must fire
                    awaitPassing(() -> stalled, to);
                    answered.addAndGet(buffer.remaining());
                  }
                  while (buffer.hasRemaining()) {
                    to.write(buffer);
                  }
                  buffer.clear();
                }
                if (!fromDmsb && link.session) {
                  update(() -> sessionEndedByEngine = true); // the engine closed its side
                }
              } catch (IOException | InterruptedException e) {
                // one side went away, or the relay was cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            fromDmsb ? "relay-up" : "relay-down");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Blocks while {@code held} says so, until the relay is cut or {@code to} is closed (then the
   * write that follows fails and the direction ends).
   */
  private void awaitPassing(BooleanSupplier held, SocketChannel to) throws InterruptedException {
    lock.lock();
    try {
      while (held.getAsBoolean() && !cut && to.isOpen()) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean await(BooleanSupplier condition, Duration bound) throws InterruptedException {
    long left = bound.toNanos();
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean isCut() {
    lock.lock();
    try {
      return cut;
    } finally {
      lock.unlock();
    }
  }

  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
    update(() -> {}); // a waiter may be waiting for this connection to close
  }
}
