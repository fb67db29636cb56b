package dev.dmsb.it.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.junit.DmsbImage;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

// The code of README.md's "Use from Testcontainers" section (the @DmsbImage example), compiled and
// run as it is written there.
class UseFromTestcontainersIT {

  // Built once for this class, verified with these expectations, removed after its last test.
  @DmsbImage(
      context = "../examples/seed",
      dockerfile = "named-stage.Dockerfile",
      backend = BuildBackend.AUTO,
      expectLayers = 3,
      forbid = "/tmp/**")
  static BuiltImage image;

  @Test
  void keepsOnlyTheFinalStage() {
    ImageAssertions.assertThat(image)
        .passed()
        .keptOnlyFinalStage()
        .hasFinalStageLayerCount(1)
        .contains("/opt/app/bin/hello")
        .doesNotContain("/tmp/app-1.0.tar.gz")
        .sizeAtMost("10MB");
  }

  @Test
  void runsInAContainer() throws Exception {
    try (GenericContainer<?> app =
        new GenericContainer<>(DockerImageName.parse(image.imageName()))
            .withNetworkMode("none")
            .withCommand("sleep", "60")) {
      app.start();
      assertEquals("hello from app 1.0\n", app.execInContainer("/opt/app/bin/hello").getStdout());
    }
  }
}
