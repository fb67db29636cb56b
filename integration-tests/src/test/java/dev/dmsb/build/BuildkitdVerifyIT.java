package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.api.DmsbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmsb build --verify} on a standalone buildkitd reads the image where the build put it: the
 * pushed manifest from the registry by its digest, the OCI or docker archive from its file, a
 * {@code --load}ed image from the Docker engine; outputs that leave no image are refused before the
 * build, saying what to add.
 */
@Tag(BuildkitdSupport.TAG)
class BuildkitdVerifyIT {
  private static final String REGISTRY = "127.0.0.1:5000";

  @TempDir Path dir;
  Path context;

  @BeforeEach
  void seed() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello " + UUID.randomUUID() + "\n");
    // base (2 layers) + COPY --from: 3 layers; the builder's /work stays behind
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

  private DmsbBuildIT.Run build(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "build";
    all[1] = "--buildkit-host";
    all[2] = BuildkitdSupport.unixHost();
    all[3] = "-q";
    System.arraycopy(args, 0, all, 4, args.length);
    all[all.length - 1] = context.toString();
    return DmsbBuildIT.dmsb(all);
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aPushedImageIsVerifiedFromTheRegistryByItsDigest() {
    String repo = REGISTRY + "/dmsb-it/buildkitd-verify";
    String ref = repo + ":" + unique();
    DmsbBuildIT.Run ok =
        build("--push", "-t", ref, "--verify", "--expect-layers", "3", "--forbid", "/work/**");
    assertThat(ok.exit()).as(ok.err()).isZero();
    String digest = ok.out().strip();
    assertThat(digest).startsWith("sha256:");
    assertThat(ok.err()).contains(repo + "@" + digest).contains("PASS");

    DmsbBuildIT.Run wrong = build("--push", "-t", ref, "--verify", "--expect-layers", "5");
    assertThat(wrong.exit()).as(wrong.err()).isEqualTo(1);
    assertThat(wrong.err()).contains("expected 5").contains("FAIL");
  }

  @Test
  void archivesAreVerifiedFromTheFileWritten() {
    Path oci = dir.resolve("app-oci.tar");
    DmsbBuildIT.Run ociRun =
        build("-o", "type=oci,dest=" + oci, "--verify", "--expect-layers", "3");
    assertThat(ociRun.exit()).as(ociRun.err()).isZero();
    assertThat(ociRun.err()).contains("oci-archive:" + oci).contains("PASS");

    Path docker = dir.resolve("app-docker.tar");
    DmsbBuildIT.Run dockerRun =
        build(
            "-o",
            "type=docker,dest=" + docker + ",name=dmsb-it/app:1",
            "--verify",
            "--expect-layers",
            "2");
    assertThat(dockerRun.exit()).as(dockerRun.err()).isEqualTo(1);
    assertThat(dockerRun.err()).contains("docker-archive:" + docker).contains("expected 2");
  }

  @Test
  void aLoadedImageIsInTheEngineAndVerifiesThere() throws Exception {
    String ref = "dmsb-it/buildkitd-load:" + unique();
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      try {
        DmsbBuildIT.Run loaded = build("--load", "-t", ref, "--verify", "--expect-layers", "3");
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        String id = loaded.out().strip();
        assertThat(engine.hasImage(ref)).isTrue();
        assertThat(engine.hasImage(id)).as("the printed ID is the engine's image ID").isTrue();

        DmsbBuildIT.Run verified =
            DmsbBuildIT.dmsb(
                "verify",
                ref,
                "-f",
                context.resolve("Dockerfile").toString(),
                "--expect-layers",
                "3",
                "--forbid",
                "/work/**");
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("/app/out.txt").contains("PASS");
        DmsbBuildIT.Run wrong = DmsbBuildIT.dmsb("verify", ref, "--expect-layers", "4");
        assertThat(wrong.exit()).as(wrong.out()).isEqualTo(1);
      } finally {
        engine.removeImage(ref);
      }
      assertThat(engine.hasImage(ref)).isFalse();
    }
  }

  @Test
  void outputsThatLeaveNoImageAreRefusedBeforeTheBuild() {
    DmsbBuildIT.Run none = build("--verify");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .contains("--verify: a BuildKit daemon keeps no image; add --push -t REF")
        .contains("--load");
    DmsbBuildIT.Run files = build("-o", "type=local,dest=" + dir.resolve("out"), "--verify");
    assertThat(files.exit()).isEqualTo(2);
    assertThat(files.err()).contains("writes the final stage's files, not an image");
    assertThat(dir.resolve("out")).doesNotExist();
    DmsbBuildIT.Run kept =
        build("-o", "type=image,name=" + REGISTRY + "/dmsb-it/x:1", "--expect-layers", "3");
    assertThat(kept.exit()).isEqualTo(2);
    assertThat(kept.err()).contains("without push=true");
  }
}
