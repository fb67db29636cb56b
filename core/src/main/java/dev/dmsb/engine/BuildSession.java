package dev.dmsb.engine;

/** An open BuildKit session ({@link BuildSessions#open}); closing it ends the connection. */
public interface BuildSession extends AutoCloseable {

  /** The session's ID, which the build request names. */
  String id();

  /** What the session has sent so far. */
  SessionTraffic traffic();

  /**
   * Why the session ended before it was closed (the engine cut the connection, a service failed),
   * or null while it is up.
   */
  String failure();

  /**
   * Runs {@code action} once when the session ends before it is closed (at once if it already has):
   * the build it serves cannot go on without it, as the docker CLI stops a build whose session
   * ended. A session that cannot end on its own runs nothing.
   */
  default void whenEnded(Runnable action) {}

  @Override
  void close();
}
