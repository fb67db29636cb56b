package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import dev.dmsb.it.api.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dmsb build --engine-api grpc}: BuildKit's Control API on the Docker engine's {@code
 * /grpc}, as buildx's docker driver builds: the image lands in the engine's store under its tag,
 * and a failing step is mapped to its line as on the other paths; the seed scenarios give the trees
 * the docker CLI gives with BuildKit on the same engine.
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

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(strings = {"named-stage", "index", "external-image", "stage-as-base"})
  void aSeedScenarioGivesTheClisTree(String kind) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        TestEngine.hasBuildkit() && !TestEngine.isPodman(), "BuildKit's /grpc");
    LocalRegistry.ensureBusybox(); // the external-image kind copies from it
    Path seed = SessionTreesIT.SEED;
    Path dockerfile = seed.resolve(kind + ".Dockerfile");
    String mine = SUPPORT.imageName("grpc-seed-" + kind);
    DmsbBuildIT.Run run =
        DmsbBuildIT.dmsb(
            "build",
            "--engine-api",
            "grpc",
            "-t",
            mine,
            "-q",
            "-f",
            dockerfile.toString(),
            seed.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String cli = SUPPORT.imageName("grpc-seed-" + kind + "-cli");
    ImageTrees.cliBuild(true, cli, "-f", dockerfile.toString(), seed.toString());
    java.util.Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree).containsKey("opt/app/bin/hello");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }
}
