package dev.dmsb.buildkit;

import dev.dmsb.engine.BuildSession;
import dev.dmsb.engine.BuildSessions;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineDialer;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SessionTraffic;
import dev.dmsb.engine.SessionUnavailableException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * BuildKit sessions on a Docker engine, the way the docker CLI opens them: {@code POST /session}
 * upgraded to {@code h2c} on a connection of its own, then dmsb serves the session's services on it
 * until the build is over. This class loads nothing of gRPC until {@link #open} is called, so a
 * command that never builds with BuildKit pays nothing for it.
 */
public final class BuildkitSessions implements BuildSessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

  private final Engine engine;

  private BuildkitSessions(Engine engine) {
    this.engine = engine;
  }

  /** Sessions on {@code engine}, dialled through its {@link Engine#dialer()}. */
  public static BuildkitSessions on(Engine engine) {
    return new BuildkitSessions(engine);
  }

  @Override
  public BuildSession open(SessionOffer offer) throws EngineException {
    Optional<EngineDialer> dialer = engine.dialer();
    if (dialer.isEmpty()) {
      throw new SessionUnavailableException(
          "the engine at " + engine.address() + " cannot be dialled for a BuildKit session");
    }
    String id = newId();
    Session session = new Session(id, engine.address());
    SessionServices services = new SessionServices(offer);
    // The folders are read and the server set up while the connection is dialled and upgraded
    // and the build request goes out; the engine's first call comes after all that.
    services.readAhead();
    SessionServer server = SessionServer.start(id, services.definitions(), session);
    session.start(services, server);
    EngineConnection connection;
    try {
      connection = dialer.get().dial();
    } catch (IOException e) {
      server.close();
      throw new EngineUnreachableException(
          engine.address(),
          "Cannot reach a Docker engine at "
              + engine.address()
              + " for the BuildKit session: "
              + e.getMessage(),
          e);
    }
    try {
      byte[] past =
          SessionUpgrade.upgrade(
              connection,
              engine.address(),
              id,
              offer.name(),
              offer.sharedKey(),
              services.methodPaths());
      server.attach(connection, past);
      return session;
    } catch (IOException e) {
      closeQuietly(connection);
      server.close();
      throw new EngineUnreachableException(
          engine.address(),
          "The BuildKit session with the engine at "
              + engine.address()
              + " failed: "
              + e.getMessage(),
          e);
    } catch (EngineException | RuntimeException e) {
      closeQuietly(connection);
      server.close();
      throw e;
    }
  }

  /**
   * Runs the one-time set-up of the classes a session starts with (gRPC's context, whose first use
   * starts {@code java.util.logging}; metadata keys; the services' message parsers), so that a
   * caller may have it done on another thread while it reads its command line. Opens nothing and
   * keeps nothing.
   */
  public static void prepareClasses() {
    Objects.requireNonNull(SessionServices.HEADERS);
  }

  /**
   * Runs one session's work inside the JVM with no engine (an in-process client syncs a small
   * temporary folder), for the launcher's class-data-sharing training: the classes a session loads
   * then come from the archive. Sends nothing anywhere; leaves nothing behind.
   */
  public static void warmUpForTraining() throws Exception {
    SessionWarmUp.run();
  }

  /**
   * Serves a stand-in BuildKit daemon on the unix socket {@code socket} until closed, for the
   * launcher's class-data-sharing training: a {@code dmsb build --buildkit-host} against it goes
   * the whole way with canned answers. It builds nothing and reaches nothing else.
   */
  public static AutoCloseable standInDaemonForTraining(java.nio.file.Path socket)
      throws java.io.IOException {
    return StandInDaemon.start(socket);
  }

  /** A session ID as BuildKit makes them: 25 base-36 characters (never a {@code :}). */
  static String newId() {
    StringBuilder b = new StringBuilder(25);
    for (int i = 0; i < 25; i++) {
      b.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
    }
    return b.toString();
  }

  private static void closeQuietly(EngineConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** One open session. */
  private static final class Session implements BuildSession, java.util.function.Consumer<String> {
    private final String id;
    private final String address;
    private SessionServices services;
    private SessionServer server;
    private volatile String failure;
    private final dev.dmsb.engine.Cancellation ended = dev.dmsb.engine.Cancellation.create();

    Session(String id, String address) {
      this.id = id;
      this.address = address;
    }

    void start(SessionServices s, SessionServer srv) {
      this.services = s;
      this.server = srv;
    }

    @Override
    public void accept(String why) {
      synchronized (this) {
        if (failure != null) {
          return;
        }
        failure = why + ", engine at " + address;
      }
      ended.cancel();
    }

    @Override
    public void whenEnded(Runnable action) {
      ended.onCancel(action);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public SessionTraffic traffic() {
      DiffCopySender.Counters c = services.counters();
      return new SessionTraffic(
          c.entries.get(), c.files.get(), c.fileBytes.get(), server.bytesSent());
    }

    @Override
    public String failure() {
      return failure;
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
