package dev.dmsb.engine;

/**
 * What an engine said about itself.
 *
 * @param serverVersion the engine's version, e.g. {@code 20.10.24} or, for Podman, {@code 4.3.1}
 * @param apiVersion the highest (Docker-compatible) API version it speaks, e.g. {@code 1.41}
 * @param os operating system of the engine ({@code linux})
 * @param architecture CPU architecture ({@code amd64}), or empty when the engine's {@code /_ping}
 *     said all else and {@code /version} was not asked
 * @param buildkit whether {@code POST /build?version=2} runs BuildKit
 * @param product what serves the API: {@value #DOCKER} or {@value #PODMAN} (whose builds all run on
 *     Buildah, whatever {@code version} asks for) or {@value #BUILDKIT}
 */
public record EngineInfo(
    String serverVersion,
    String apiVersion,
    String os,
    String architecture,
    boolean buildkit,
    String product) {

  /** {@link #product()} of Docker Engine (moby). */
  public static final String DOCKER = "Docker";

  /** {@link #product()} of Podman's Docker-compatible service. */
  public static final String PODMAN = "Podman";

  /** {@link #product()} of a BuildKit daemon reached through its Control API. */
  public static final String BUILDKIT = "BuildKit";

  /** A Docker engine. */
  public EngineInfo(
      String serverVersion, String apiVersion, String os, String architecture, boolean buildkit) {
    this(serverVersion, apiVersion, os, architecture, buildkit, DOCKER);
  }

  /** Whether the engine is Podman, which builds with Buildah only. */
  public boolean podman() {
    return PODMAN.equals(product);
  }

  /** Whether this is a BuildKit daemon, which has neither a legacy builder nor an image store. */
  public boolean buildkitDaemon() {
    return BUILDKIT.equals(product);
  }

  /** The engine in a message: {@code Docker 28.5.2} or {@code Podman 4.3.1}. */
  public String describe() {
    return product + " " + serverVersion;
  }
}
