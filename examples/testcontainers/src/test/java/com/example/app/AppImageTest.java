package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dmsb.api.Dmsb;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.testcontainers.ImageFromDmsb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

@Testcontainers
class AppImageTest {

  // Built by dmsb when the container starts, verified, removed after the class's last test.
  static final ImageFromDmsb image =
      ImageFromDmsb.of(
          Dmsb.build(Path.of("docker"))
              .dockerfile(Path.of("docker/app.Dockerfile"))
              .expect(VerifyExpectations.none().layers(3).forbid("/toolchain/**").strict()));

  @Container
  static GenericContainer<?> app =
      new GenericContainer<>(image).withNetworkMode("none").withCommand("sleep", "60");

  @Test
  void keepsOnlyTheFinalStage() {
    ImageAssertions.assertThat(image.builtImage())
        .passed()
        .keptOnlyFinalStage()
        .hasFinalStageLayerCount(1)
        .contains("/opt/app/bin/hello")
        .doesNotContain("/toolchain")
        .sizeAtMost("5MB");
  }

  @Test
  void runsInTheContainer() throws Exception {
    assertEquals(
        "hello from the example\n", app.execInContainer("/opt/app/bin/hello").getStdout());
  }
}
