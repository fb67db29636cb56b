package dev.dmsb.engine;

import java.util.Optional;

/**
 * Where a build runs: the port the build talks to, whichever of its adapters it has. A Docker
 * engine's {@code POST /build} (legacy builder, BuildKit with the context uploaded, BuildKit with a
 * session) is one ({@link #onEngine}); BuildKit's Control API (a standalone buildkitd, a Docker
 * engine's {@code /grpc}) is the other. The build asks a host what it offers ({@link #ping()}),
 * opens its sessions and submits its requests, and never which adapter it has.
 *
 * <ul>
 *   <li>{@link #ping()}: what builds there (a Docker engine, Podman, a BuildKit daemon)
 *   <li>{@link #sessions()}: BuildKit sessions that serve the context and the other services
 *   <li>{@link #build}: one build, its context served by a session or uploaded
 *   <li>{@link #imageStore()}: the engine whose image store base images come from and images go to
 * </ul>
 */
public interface BuildHost {

  /** Where the host is reached, for messages ({@code unix:///run/buildkit/buildkitd.sock}). */
  String address();

  /** Checks that the host answers and says what builds there. */
  EngineInfo ping() throws EngineException;

  /**
   * The host's BuildKit sessions, or empty when none is asked for; they may still throw {@link
   * SessionUnavailableException} when the host turns out to have none (then the context goes as an
   * upload).
   */
  Optional<BuildSessions> sessions();

  /**
   * Runs one build, as {@link Engine#build(BuildRequest, BuildContextWriter, BuildEventListener,
   * Cancellation)} describes it. A host without uploads (BuildKit's Control API) refuses a request
   * that is not {@linkplain BuildRequest#inSession in a session}.
   */
  BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException;

  /**
   * The engine whose image store the host builds from and into (a Docker engine), or empty where
   * results leave only as exports (a buildkitd).
   */
  Optional<Engine> imageStore();

  /**
   * Whether a build without an output lands in an image store (a Docker engine's); a buildkitd
   * keeps it only in its build cache.
   */
  boolean storesImages();

  /** A Docker engine as a build host: its own builds, and sessions from {@code sessions}. */
  static BuildHost onEngine(Engine engine, BuildSessions sessions) {
    return new EngineBuildHost(engine, sessions);
  }
}
