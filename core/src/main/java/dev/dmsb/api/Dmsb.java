package dev.dmsb.api;

import java.nio.file.Path;

/**
 * The entry point: build a multi-stage image and prove that only its final stage was kept, or
 * verify an image that exists. One builder, one verb.
 *
 * <pre>{@code
 * import dev.dmsb.api.*;
 * import java.nio.file.Path;
 *
 * class Example {
 *   public static void main(String[] args) throws DmsbException {
 *     BuiltImage image =
 *         Dmsb.build(Path.of("examples/seed"))                   // the build context
 *             .dockerfile(Path.of("examples/seed/named-stage.Dockerfile"))
 *             .buildArg("APP_VERSION", "1.0")                    // --build-arg
 *             .backend(BuildBackend.AUTO)                        // BuildKit when offered
 *             .tag("example/app:dev")
 *             .expect(VerifyExpectations.none().layers(3).maxSize("10MB").forbid("/tmp/**"))
 *             .onEvent(event -> System.err.println(event.message())) // the library never prints
 *             .build();
 *
 *     VerifyResult result = image.verification().orElseThrow();
 *     ImageAssertions.assertThat(result)
 *         .keptOnlyFinalStage()
 *         .hasLayerCount(3)
 *         .contains("/opt/app/bin/hello")
 *         .doesNotContain("/tmp/app-1.0.tar.gz")
 *         .sizeAtMost("10MB");
 *
 *     // an image that already exists, with the same expectations as `dmsb verify`
 *     VerifyResult again =
 *         Dmsb.verify("example/app:dev")
 *             .dockerfile(Path.of("examples/seed/named-stage.Dockerfile"))
 *             .expect(VerifyExpectations.none().layers(3).strict())
 *             .verify();
 *     System.out.println(again.report());
 *
 *     try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
 *       engine.removeImages(image);                              // tags and stage images
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>The engine is found as the docker CLI finds it ({@code DOCKER_HOST}, {@code DOCKER_CONTEXT},
 * the docker configuration's current context, {@code /var/run/docker.sock}) unless one is given
 * with {@code .engine(DmsbEngine.at("tcp://..."))}. Failures are {@link DmsbException}s whose
 * messages say what to do. From JUnit 5, see {@link dev.dmsb.junit.DmsbImage}.
 */
public final class Dmsb {
  private Dmsb() {}

  /** Starts describing a build of the Dockerfile in {@code context} (a folder). */
  public static BuildPlan build(Path context) {
    return new BuildPlan(context);
  }

  /** Starts describing a verification of {@code image} (a reference or an ID). */
  public static VerifyPlan verify(String image) {
    return new VerifyPlan(image);
  }
}
