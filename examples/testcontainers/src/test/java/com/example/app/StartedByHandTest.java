package com.example.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.junit.DmsbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

class StartedByHandTest {

  @DmsbImage(context = "docker", dockerfile = "app.Dockerfile", tags = "example-app:by-hand")
  static BuiltImage image;

  // Started here and never stopped: without Ryuk, Testcontainers removes it when the JVM exits,
  // and dmsb removes the image after it.
  static GenericContainer<?> app;

  @BeforeAll
  static void start() {
    app =
        new GenericContainer<>(DockerImageName.parse(image.imageName()))
            .withNetworkMode("none")
            .withCommand("sleep", "60");
    app.start();
  }

  @Test
  void runs() {
    assertTrue(app.isRunning());
  }
}
