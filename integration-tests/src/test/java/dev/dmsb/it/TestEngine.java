package dev.dmsb.it;

import dev.dmsb.engine.BuilderKind;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * Which engine the integration tests run against, and what it has: the name that {@code
 * scripts/engine.sh} started it under ({@code DMSB_IT_ENGINE}: {@code docker20}, the default,
 * {@code docker28}, {@code docker28-containerd} or {@code podman}), its builders, and the docker
 * CLI the tests use as their oracle ({@code DMSB_IT_DOCKER_CLI}, by default Debian's 20.10 CLI at
 * {@code /usr/bin/docker}; {@code scripts/engine.sh cli NAME} prints the one for each engine).
 *
 * <p>The engine itself is found the usual way ({@link EngineSupport}: {@code DOCKER_HOST}). The
 * classes tagged {@value #TAG} are the engine-facing ones that {@code .ci/run} runs on every
 * engine; a test that needs a builder the engine lacks is skipped there ({@link #assumeBuilder}),
 * never passed.
 */
public final class TestEngine {
  /** The JUnit tag of the test classes that run on every engine ({@code -Dgroups=engine}). */
  public static final String TAG = "engine";

  private static final String NAME =
      System.getenv().getOrDefault("DMSB_IT_ENGINE", "docker20").toLowerCase(Locale.ROOT);

  private static final String CLI =
      System.getenv().getOrDefault("DMSB_IT_DOCKER_CLI", "/usr/bin/docker");

  private TestEngine() {}

  /** The engine's address: {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}. */
  public static String host() {
    String host = System.getenv("DOCKER_HOST");
    return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
  }

  /** The engine's name in {@code scripts/engine.sh}. */
  public static String name() {
    return NAME;
  }

  /** The docker CLI to use as the oracle (it talks to the same engine, via DOCKER_HOST). */
  public static String dockerCli() {
    return CLI;
  }

  /** Whether the engine is Podman (builds with Buildah, whatever the client asks for). */
  public static boolean isPodman() {
    return NAME.equals("podman");
  }

  /** Whether the engine keeps images in containerd's store (image IDs are manifest digests). */
  public static boolean containerdStore() {
    return NAME.equals("docker28-containerd");
  }

  /** Whether the engine has BuildKit ({@code POST /build?version=2}). */
  public static boolean hasBuildkit() {
    return !isPodman();
  }

  /**
   * Whether the engine serves the classic build API ({@code version=1}): Docker's legacy builder,
   * or on Podman Buildah (which serves every build).
   */
  public static boolean hasLegacy() {
    return true;
  }

  /**
   * Skips the calling test where the engine lacks the builder ({@code buildkit} true: BuildKit,
   * false: the classic builder).
   */
  public static void assumeBuilder(boolean buildkit) {
    Assumptions.assumeTrue(
        buildkit ? hasBuildkit() : hasLegacy(),
        () -> NAME + " has no " + (buildkit ? "BuildKit" : "classic build API"));
  }

  /**
   * Skips the calling test where the engine lacks the builder that {@code --builder NAME} asks for
   * ({@code buildkit} on Podman; {@code legacy} builds with Buildah there).
   */
  public static void assumeBuilder(String name) {
    assumeBuilder(name.equals("buildkit"));
  }

  /**
   * The {@code --builder} names of the engine's builders: {@code buildkit} and {@code legacy} on
   * Docker, {@code legacy} (Buildah, through the classic build API) on Podman.
   */
  public static List<String> builderNames() {
    return hasBuildkit() ? List.of("buildkit", "legacy") : List.of("legacy");
  }

  /** Skips the calling test on Podman, for the difference {@code why}. */
  public static void assumeNotPodman(String why) {
    Assumptions.assumeFalse(isPodman(), () -> "not on Podman 4.3.1: " + why);
  }

  /** Skips the calling test on the engines other than the machine's Docker 20.10. */
  public static void assumeDocker20(String why) {
    Assumptions.assumeTrue(NAME.equals("docker20"), () -> "only on docker20: " + why);
  }

  /**
   * The builders the engine runs ({@code @MethodSource("dev.dmsb.it.TestEngine#builderKinds")}):
   * BuildKit and the legacy builder on Docker, Buildah on Podman.
   */
  public static List<BuilderKind> builderKinds() {
    return isPodman()
        ? List.of(BuilderKind.BUILDAH)
        : List.of(BuilderKind.BUILDKIT, BuilderKind.LEGACY);
  }
}
