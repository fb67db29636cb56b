package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.buildkit.Buildkitd;
import dev.dmsb.it.buildkit.RegistryImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed scenarios of {@code examples/seed} (their base named in the test registry, since a
 * buildkitd has no image store) pushed by dmsb and by buildctl (farm's oracle) to the registry: the
 * printed ID is the pushed manifest's digest and the two images hold the same file tree.
 */
@Tag(Buildkitd.TAG)
class BuildkitdSeedIT {
  static Buildkitd buildkitd;

  @TempDir Path dir;

  @BeforeAll
  static void daemon() {
    buildkitd = Buildkitd.require();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "index.Dockerfile",
        "named-stage.Dockerfile",
        "stage-as-base.Dockerfile",
        "external-image.Dockerfile"
      })
  void pushedWithBuildctlsTree(String dockerfile) throws Exception {
    Path seed = Path.of("../examples/seed");
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.copy(seed.resolve("app-1.0.tar.gz"), context.resolve("app-1.0.tar.gz"));
    String text =
        Files.readString(seed.resolve(dockerfile))
            .replace("FROM dmsb/busybox", "FROM " + Buildkitd.REGISTRY + "/dmsb/busybox")
            .replace("--from=dmsb/busybox", "--from=" + Buildkitd.REGISTRY + "/dmsb/busybox");
    Files.writeString(context.resolve("Dockerfile"), text);
    String id = UUID.randomUUID().toString().substring(0, 8);
    String name = dockerfile.replace(".Dockerfile", "");
    String ours = Buildkitd.REGISTRY + "/dmsb-it/seed-" + name + ":dmsb-" + id;
    String theirs = Buildkitd.REGISTRY + "/dmsb-it/seed-" + name + ":buildctl-" + id;

    DmsbBuildIT.Run run =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            buildkitd.host(),
            "--push",
            "-t",
            ours,
            "-q",
            context.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String buildctlDigest = buildkitd.buildctl().push(context, theirs);

    RegistryImage dmsbImage = RegistryImage.of(ours);
    assertThat(run.out().strip()).isEqualTo(dmsbImage.digest());
    assertThat(dmsbImage.tree()).isEqualTo(RegistryImage.of(theirs).tree());
    assertThat(buildctlDigest).startsWith("sha256:");
  }
}
