package dev.dmsb.it.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.dockerjava.api.DockerClient;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.EngineUnavailableException;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.testcontainers.ImageFromDmsb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Runs sample test classes through a JUnit Platform launcher, as Maven or an IDE would (so the
 * launcher finds dmsb's clean-up listener by itself), and checks what {@link ImageFromDmsb} did: a
 * {@code static @Container} starts from the image dmsb built, and once the class is done neither
 * the image nor a container made from it is left, even where a container outlived the class.
 */
class ImageFromDmsbIT {
  static final Path SEED = Path.of("../examples/seed");

  /** What the samples saw: the image each built, to look for after they ran. */
  static final List<BuiltImage> BUILT = new ArrayList<>();

  static ImageFromDmsb seedImage(VerifyExpectations expectations) {
    return ImageFromDmsb.of(
        Dmsb.build(SEED).dockerfile(SEED.resolve("named-stage.Dockerfile")).expect(expectations));
  }

  @Testcontainers
  static class StaticContainerSample {
    static final ImageFromDmsb image =
        seedImage(VerifyExpectations.none().layers(3).forbid("/tmp/**"));

    @Container
    static GenericContainer<?> app =
        new GenericContainer<>(image).withNetworkMode("none").withCommand("sleep", "60");

    @Test
    void runsFromTheImageDmsbBuilt() throws Exception {
      BUILT.add(image.builtImage());
      assertEquals("hello from app 1.0\n", app.execInContainer("/opt/app/bin/hello").getStdout());
      assertEquals(image.get(), app.getDockerImageName());
      ImageAssertions.assertThat(image.builtImage())
          .passed()
          .keptOnlyFinalStage()
          .hasFinalStageLayerCount(1);
    }
  }

  /** The same, for a second run (Testcontainers keeps a container's resolved image name). */
  @Testcontainers
  static class TestcontainersEngineSample {
    static final ImageFromDmsb image = seedImage(VerifyExpectations.none());

    @Container
    static GenericContainer<?> app =
        new GenericContainer<>(image).withNetworkMode("none").withCommand("sleep", "60");

    @Test
    void runs() throws Exception {
      BUILT.add(image.builtImage());
      assertEquals("hello from app 1.0\n", app.execInContainer("/opt/app/bin/hello").getStdout());
    }
  }

  /** A container started by hand and never stopped: with Ryuk off it would stay to JVM exit. */
  static class ForgottenContainerSample {
    static final ImageFromDmsb image = seedImage(VerifyExpectations.none());
    static GenericContainer<?> forgotten;

    @BeforeAll
    static void start() {
      forgotten = new GenericContainer<>(image).withNetworkMode("none").withCommand("sleep", "60");
      forgotten.start();
    }

    @Test
    void runs() {
      BUILT.add(image.builtImage());
      assertThat(forgotten.isRunning()).isTrue();
    }
  }

  @Testcontainers
  static class FailingExpectationsSample {
    @Container
    static GenericContainer<?> app =
        new GenericContainer<>(seedImage(VerifyExpectations.none().layers(99)))
            .withCommand("sleep", "60");

    @Test
    void never() {}
  }

  @Test
  void aStaticContainerStartsFromTheImageWhichGoesWithTheClass() throws Exception {
    BUILT.clear();
    TestExecutionSummary summary = run(StaticContainerSample.class);
    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertGone(BUILT);
    // removed, so a later use builds anew instead of naming an image that is gone
    assertThat(StaticContainerSample.image.isDone()).isFalse();
  }

  @Test
  void aContainerThatOutlivesItsClassIsRemovedWithTheImage() throws Exception {
    BUILT.clear();
    TestExecutionSummary summary = run(ForgottenContainerSample.class);
    assertThat(failures(summary)).isEmpty();
    assertThat(ForgottenContainerSample.forgotten.getContainerId()).isNotNull();
    assertGone(BUILT);
  }

  @Test
  void anImageThatFailsItsExpectationsStartsNoContainerAndIsRemoved() throws Exception {
    TestExecutionSummary summary = run(FailingExpectationsSample.class);
    assertThat(summary.getFailures()).singleElement();
    Throwable failure = summary.getFailures().get(0).getException();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString())
        .contains("fails its expectations (it was removed again)")
        .contains("FAIL layer-count: expected 99 layers");
    DockerClient docker = DockerClientFactory.instance().client();
    assertThat(
            docker
                .listImagesCmd()
                .withReferenceFilter("dmsb-testcontainers/failingexpectationssample")
                .exec())
        .isEmpty();
  }

  /**
   * The engine Testcontainers uses wins over the one dmsb-core would find: with a docker
   * configuration whose current context points nowhere, dmsb-core alone cannot reach an engine, yet
   * the lazy image builds (on Testcontainers' engine) and goes.
   */
  @Test
  void theImageIsBuiltOnTheEngineTestcontainersUses(@TempDir Path home) throws Exception {
    assertThat(DockerClientFactory.instance().isDockerAvailable()).isTrue(); // read its config
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"nowhere\"}");
    String saved = System.getProperty("user.home");
    BUILT.clear();
    TestExecutionSummary summary;
    boolean coreReachesAnEngine;
    System.setProperty("user.home", home.toString());
    try {
      try (DmsbEngine core = DmsbEngine.fromEnvironment()) {
        coreReachesAnEngine = true;
      } catch (EngineUnavailableException e) {
        assertThat(e.getMessage()).contains("nowhere");
        coreReachesAnEngine = false;
      }
      summary = run(TestcontainersEngineSample.class);
    } finally {
      System.setProperty("user.home", saved);
    }
    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    if (System.getenv("DOCKER_HOST") == null && System.getenv("DOCKER_CONFIG") == null) {
      assertThat(coreReachesAnEngine).as("dmsb-core follows the docker context").isFalse();
    }
    assertGone(BUILT);
  }

  private static List<String> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName() + ": " + trace(f.getException()))
        .toList();
  }

  private static String trace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  private static TestExecutionSummary run(Class<?> sample) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample)).build(),
            summary);
    return summary.getSummary();
  }

  private static void assertGone(List<BuiltImage> built) throws Exception {
    assertThat(built).isNotEmpty();
    DockerClient docker = DockerClientFactory.instance().client();
    try (DmsbEngine engine =
        DmsbEngine.at(
            DockerClientFactory.instance().getTransportConfig().getDockerHost().toString())) {
      for (BuiltImage image : built) {
        for (String tag : image.tags()) {
          assertThat(engine.hasImage(tag)).as("tag %s is still in the engine", tag).isFalse();
        }
        assertThat(
                docker.listContainersCmd().withShowAll(true).exec().stream()
                    .filter(
                        c ->
                            image.tags().contains(c.getImage())
                                || image.id().equals(c.getImageId())))
            .as("containers from %s", image.reference())
            .isEmpty();
      }
    }
  }
}
