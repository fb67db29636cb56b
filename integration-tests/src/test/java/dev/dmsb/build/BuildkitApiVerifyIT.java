package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbException;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API's {@code expect} after a build on a standalone buildkitd: an archive is verified
 * from its file, a {@code load()}ed image from the Docker engine (and removed there), and outputs
 * that leave no image are refused before the build.
 */
@Tag(BuildkitdSupport.TAG)
class BuildkitApiVerifyIT {
  @TempDir Path dir;
  Path context;

  @BeforeEach
  void seed() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello " + UUID.randomUUID() + "\n");
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM 127.0.0.1:5000/dmsb/busybox:latest AS builder
        COPY hello.txt /work/hello.txt
        RUN cp /work/hello.txt /work/out.txt
        FROM 127.0.0.1:5000/dmsb/busybox:latest
        COPY --from=builder /work/out.txt /app/out.txt
        """);
  }

  @Test
  void archivesAreVerifiedFromTheirFiles() throws Exception {
    Path oci = dir.resolve("app.oci.tar");
    VerifyResult fromOci =
        Dmsb.build(context)
            .buildkitHost(BuildkitdSupport.unixHost())
            .output("type=oci,dest=" + oci)
            .expect(VerifyExpectations.none().layers(3).forbid("/work/**"))
            .build()
            .verification()
            .orElseThrow();
    assertThat(fromOci.image()).isEqualTo("oci-archive:" + oci);
    assertThat(fromOci.passed()).as(fromOci.report()).isTrue();

    Path docker = dir.resolve("app.docker.tar");
    VerifyResult fromDocker =
        Dmsb.build(context)
            .buildkitHost(BuildkitdSupport.unixHost())
            .tag("dmsb-it/api-archive:1")
            .output("type=docker,dest=" + docker)
            .expect(VerifyExpectations.none().layers(4))
            .build()
            .verification()
            .orElseThrow();
    assertThat(fromDocker.image()).isEqualTo("docker-archive:" + docker);
    assertThat(fromDocker.passed()).isFalse();
    assertThat(fromDocker.report()).contains("expected 4");
  }

  @Test
  void aLoadedImageIsVerifiedInTheEngine() throws Exception {
    String ref = "dmsb-it/api-load:" + UUID.randomUUID().toString().substring(0, 8);
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      BuiltImage image =
          Dmsb.build(context)
              .buildkitHost(BuildkitdSupport.unixHost())
              .engine(engine)
              .tag(ref)
              .load()
              .expect(VerifyExpectations.none().layers(3).forbid("/work/**"))
              .build();
      try {
        assertThat(engine.hasImage(ref)).isTrue();
        assertThat(engine.hasImage(image.id())).isTrue();
        VerifyResult verified = image.verification().orElseThrow();
        assertThat(verified.image()).isEqualTo(image.id());
        assertThat(verified.passed()).as(verified.report()).isTrue();
        assertThat(verified.attributed()).isTrue();
      } finally {
        assertThat(engine.removeImages(image)).isEmpty();
      }
      assertThat(engine.hasImage(ref)).isFalse();
    }
  }

  @Test
  void outputsWithoutAnImageAreRefusedWithWhatToAdd() {
    assertThatThrownBy(
            () ->
                Dmsb.build(context)
                    .buildkitHost(BuildkitdSupport.unixHost())
                    .expect(VerifyExpectations.none())
                    .build())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("a BuildKit daemon keeps no image to verify")
        .hasMessageContaining(".load()");
    assertThatThrownBy(
            () ->
                Dmsb.build(context)
                    .buildkitHost(BuildkitdSupport.unixHost())
                    .output("type=tar,dest=" + dir.resolve("o.tar"))
                    .expect(VerifyExpectations.none())
                    .build())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("writes the final stage's files, not an image");
    assertThat(dir.resolve("o.tar")).doesNotExist();
  }
}
