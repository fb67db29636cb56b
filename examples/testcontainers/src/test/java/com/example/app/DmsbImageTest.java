package com.example.app;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.junit.DmsbImage;
import org.junit.jupiter.api.Test;

class DmsbImageTest {

  // dmsb-core's JUnit 5 extension: the image is injected before the tests, removed after them.
  @DmsbImage(
      context = "docker",
      dockerfile = "app.Dockerfile",
      tags = "example-app:annotated",
      expectLayers = 3,
      maxSize = "5MB",
      forbid = "/toolchain/**",
      strict = true)
  static BuiltImage image;

  @Test
  void meetsTheAnnotationsExpectations() {
    ImageAssertions.assertThat(image).passed().keptOnlyFinalStage();
  }
}
