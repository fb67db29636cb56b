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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicBoolean sessionHeld = new AtomicBoolean();
  private final AtomicBoolean cut = new AtomicBoolean();

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
    stalled.set(true);
  }

  /**
   * From now on what dmsb sends on its BuildKit session connections ({@code POST /session}) is held
   * back: its answers to the engine's health checks never arrive, as if the session had hung.
   */
  void holdSessionAnswers() {
    sessionHeld.set(true);
  }

  /** The engine goes away: every connection is closed and new ones are refused. */
  void cut() {
    cut.set(true);
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
    while (!cut.get()) {
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
      pump(client, engine, true);
      pump(engine, client, false);
    }
  }

  private void pump(SocketChannel from, SocketChannel to, boolean fromDmsb) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
              boolean first = true;
              boolean session = false;
              try {
                while (from.read(buffer) >= 0) {
                  buffer.flip();
                  if (fromDmsb) {
                    if (first) {
                      session =
                          new String(buffer.array(), 0, buffer.limit(), StandardCharsets.ISO_8859_1)
                              .startsWith("POST /session");
                      first = false;
                    }
                    synchronized (sent) {
                      sent.write(buffer.array(), 0, buffer.limit());
                    }
                    while (session && sessionHeld.get() && !cut.get() && to.isOpen()) {
                      Thread.sleep(50); // held: the engine waits for the answer in vain
                    }
                  } else {
                    while (stalled.get() && !cut.get() && to.isOpen()) {
                      Thread.sleep(50); // hold the answer back; dmsb's read timeout must fire
                    }
                    answered.addAndGet(buffer.remaining());
                  }
                  while (buffer.hasRemaining()) {
                    to.write(buffer);
                  }
                  buffer.clear();
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

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
