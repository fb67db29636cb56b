package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmsb build --verify} and the masking of secret-looking build arguments. */
@Tag(TestEngine.TAG)
class BuildVerifyIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  private static final Path QUICKSTART = Path.of("../examples/quickstart").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void verifyChecksWhatWasJustBuilt() {
    String t = SUPPORT.imageName("build-verify-ok");
    DmsbBuildIT.Run ok =
        DmsbBuildIT.dmsb(
            "build", "-q", "-t", t, "--verify", "--expect-layers", "3", QUICKSTART.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out().strip()).matches("sha256:[0-9a-f]{64}");
    assertThat(ok.err()).contains("PASS layer-count").contains("verify: passed");

    DmsbBuildIT.Run bad =
        DmsbBuildIT.dmsb("build", "-q", "-t", t, "--expect-layers", "2", QUICKSTART.toString());
    assertThat(bad.exit()).as(bad.err()).isEqualTo(1);
    assertThat(bad.out().strip()).matches("sha256:[0-9a-f]{64}");
    assertThat(bad.err()).contains("FAIL layer-count");
  }

  @Test
  void legacyBuildVerifySaysWhatTheMultiStageBuildKeptOut() {
    String t = SUPPORT.imageName("build-verify-kept-out");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "-q",
            "--builder",
            "legacy",
            "-t",
            t,
            "--expect-layers",
            "3",
            QUICKSTART.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    // the fetch stage's image (tarball and unpacked tree) stays in the engine after a legacy build
    assertThat(r.err()).containsPattern("kept out by the multi-stage build [0-9.]+k?B");
  }

  @Test
  void secretLookingBuildArgsAreMaskedInTheEnginesOutput() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\nARG API_TOKEN\nARG VERSION\n"
            + "RUN echo \"token=$API_TOKEN version=$VERSION\"\n");
    for (String builder : TestEngine.builderNames()) {
      DmsbBuildIT.Run r =
          DmsbBuildIT.dmsb(
              "build",
              "--builder",
              builder,
              "--progress",
              "plain",
              "--no-cache",
              "--build-arg",
              "API_TOKEN=tok-123-secret",
              "--build-arg",
              "VERSION=9.8.7",
              "-t",
              SUPPORT.imageName("build-verify-mask-" + builder),
              "--verify",
              dir.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      String all = r.out() + r.err();
      assertThat(all).as(builder).contains("token=****").contains("version=9.8.7");
      assertThat(all).as(builder).doesNotContain("tok-123-secret");
    }
  }
}
