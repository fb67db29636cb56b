package com.example.app;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.VerifyExpectations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildPlanTest {
  private static final System.Logger log = System.getLogger(BuildPlanTest.class.getName());

  @Test
  void buildsWithTheLegacyBuilderAndVerifies() throws Exception {
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      BuiltImage image =
          Dmsb.build(Path.of("docker"))
              .dockerfile(Path.of("docker/app.Dockerfile"))
              .backend(BuildBackend.LEGACY)
              .tag("example-app:test")
              .expect(VerifyExpectations.none().layers(3).maxSize("5MB").forbid("/toolchain/**"))
              .onEvent(event -> log.log(System.Logger.Level.INFO, event.message()))
              .engine(engine)
              .build();
      try {
        ImageAssertions.assertThat(image).passed().keptOnlyFinalStage();
      } finally {
        engine.removeImages(image);
      }
    }
  }
}
