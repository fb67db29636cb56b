package dev.dmsb.engine;

import java.util.Optional;

/** A Docker engine's {@code POST /build} as a {@link BuildHost}. */
final class EngineBuildHost implements BuildHost {
  private final Engine engine;
  private final BuildSessions sessions;

  EngineBuildHost(Engine engine, BuildSessions sessions) {
    this.engine = engine;
    this.sessions = sessions;
  }

  @Override
  public String address() {
    return engine.address();
  }

  @Override
  public EngineInfo ping() throws EngineException {
    return engine.ping();
  }

  @Override
  public Optional<BuildSessions> sessions() {
    return Optional.ofNullable(sessions);
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    return engine.build(request, context, listener, cancellation);
  }

  @Override
  public boolean storesImages() {
    return true;
  }

  @Override
  public Optional<Engine> imageStore() {
    return Optional.of(engine);
  }
}
