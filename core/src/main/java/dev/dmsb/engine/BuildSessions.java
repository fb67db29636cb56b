package dev.dmsb.engine;

/**
 * The port through which a build opens a BuildKit session on the engine: the client side of {@code
 * POST /session}, which serves the engine what it asks for during a build (the context and the
 * Dockerfile by file sync, registry credentials, secrets). The build request then names the session
 * ({@link BuildRequest#inSession}) instead of carrying the context.
 */
@FunctionalInterface
public interface BuildSessions {

  /**
   * Opens a session that serves {@code offer} until it is closed.
   *
   * @throws SessionUnavailableException the engine has no session endpoint (then the context goes
   *     as an upload)
   * @throws EngineException the engine could not be reached or refused the session
   */
  BuildSession open(SessionOffer offer) throws EngineException;
}
