package dev.dmsb.engine;

/** Which of the engine's builders runs a build ({@code POST /build?version=2} or {@code 1}). */
public enum BuilderKind {
  BUILDKIT("2"),
  LEGACY("1");

  private final String apiVersionParameter;

  BuilderKind(String apiVersionParameter) {
    this.apiVersionParameter = apiVersionParameter;
  }

  /** The value of the {@code version} query parameter of {@code POST /build}. */
  public String apiVersionParameter() {
    return apiVersionParameter;
  }
}
