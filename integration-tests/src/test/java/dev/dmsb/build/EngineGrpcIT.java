package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmsb build --engine-api grpc}: BuildKit's Control API on the Docker engine's {@code
 * /grpc}, as buildx's docker driver builds: the image lands in the engine's store under its tag,
 * and a failing step is mapped to its line as on the other paths.
 */
@Tag(TestEngine.TAG)
class EngineGrpcIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  @TempDir Path dir;

  @Test
  void theImageGoesIntoTheEnginesStoreAndAFailingStepIsLocated() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        TestEngine.hasBuildkit() && !TestEngine.isPodman(), "BuildKit's /grpc");
    Files.writeString(dir.resolve("a.txt"), UUID.randomUUID().toString());
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS base\nCOPY a.txt /a.txt\nFROM base\nRUN cat /a.txt\n");
    String tag = SUPPORT.imageName("grpc");
    DmsbBuildIT.Run run =
        DmsbBuildIT.dmsb(
            "build", "--engine-api", "grpc", "-t", tag, "--progress", "plain", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("COPY a.txt /a.txt");
    String id = run.out().strip();
    assertThat(id).startsWith("sha256:");
    assertThat(EngineSupport.client().inspectImageCmd(tag).exec().getId()).isEqualTo(id);
    Files.writeString(
        dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nRUN echo gone >&2 && exit 5\n");
    DmsbBuildIT.Run failed =
        DmsbBuildIT.dmsb("build", "--engine-api", "grpc", "--progress", "plain", dir.toString());
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("Dockerfile:2:1").contains("gone");
  }
}
