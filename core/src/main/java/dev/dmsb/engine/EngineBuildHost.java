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
    return engine.build(throughBuildApi(request), context, listener, cancellation);
  }

  /**
   * The cache options as {@code POST /build} takes them, as the docker CLI sends them: images to
   * read inline cache from ({@code cachefrom}), and inline cache written into the image ({@code
   * BUILDKIT_INLINE_CACHE=1}). The engine's own store exports no other cache and imports from no
   * cache folder: said, not ignored.
   */
  private BuildRequest throughBuildApi(BuildRequest request) throws EngineException {
    BuildCache cache = request.cache();
    if (cache.isEmpty()) {
      return request;
    }
    for (BuildCache.Entry e : cache.imports()) {
      if (e.type().equals("local")) {
        // /build names cache sources by image reference only; the engine's Control API takes a
        // local cache import with the folder served as a content store on the session.
        throw new EngineException(
            "--cache-from type=local: the Docker engine at "
                + engine.address()
                + " reads cache only from images through /build; import the folder through the"
                + " engine's BuildKit API with --engine-api grpc, or build on a BuildKit daemon"
                + " (--buildkit-host)");
      }
      if (!e.type().equals("registry")) {
        throw new EngineException(
            "--cache-from type="
                + e.type()
                + ": the Docker engine at "
                + engine.address()
                + " reads cache only from images (type=registry,ref=IMAGE) through /build;"
                + " build on a BuildKit daemon (--buildkit-host) for type="
                + e.type());
      }
    }
    boolean inline = false;
    for (BuildCache.Entry e : cache.exports()) {
      if (!e.type().equals("inline")) {
        throw new EngineException(
            "--cache-to type="
                + e.type()
                + ": the Docker engine at "
                + engine.address()
                + " (its own image store) exports only inline cache (--cache-to type=inline);"
                + " build on a BuildKit daemon (--buildkit-host) to export type="
                + e.type());
      }
      inline = true;
    }
    if (!inline) {
      return request;
    }
    java.util.Map<String, String> args = new java.util.LinkedHashMap<>(request.buildArgs());
    args.put("BUILDKIT_INLINE_CACHE", "1");
    return request
        .withBuildArgs(args)
        .withCache(new BuildCache(cache.imports(), java.util.List.of()));
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
