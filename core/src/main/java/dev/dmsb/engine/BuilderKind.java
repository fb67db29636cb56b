package dev.dmsb.engine;

/**
 * Which of the engine's builders runs a build ({@code POST /build?version=2} or {@code 1}).
 *
 * <p>{@link #BUILDAH} is Podman's: it serves the classic build API ({@code version} is ignored), so
 * the request and the context are the legacy builder's, while the history it writes is Buildah's.
 */
public enum BuilderKind {
  BUILDKIT("2"),
  LEGACY("1"),
  BUILDAH("1");

  private final String apiVersionParameter;

  BuilderKind(String apiVersionParameter) {
    this.apiVersionParameter = apiVersionParameter;
  }

  /** The value of the {@code version} query parameter of {@code POST /build}. */
  public String apiVersionParameter() {
    return apiVersionParameter;
  }

  /**
   * Whether the build goes through the classic build API (legacy builder, Buildah): the engine
   * applies the archive's {@code .dockerignore}, pulls with {@code X-Registry-Config}, and removes
   * intermediate containers when asked ({@code rm}, {@code forcerm}).
   */
  public boolean classicApi() {
    return this != BUILDKIT;
  }
}
