package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.image.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultImageTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private static BuildResult result(String id, String... tags) {
    return new BuildResult(
        id, List.of(tags), BuilderKind.BUILDKIT, new ContextStats(0, 0, 0, 0), List.of());
  }

  private static Optional<ResultImage.Located> of(String output, BuildResult result) {
    return ResultImage.of(output == null ? null : BuildxSyntax.output(output), result);
  }

  @Test
  void whatLeavesNoImageIsKnownBeforeTheBuild() {
    assertThat(ResultImage.missing(null, true)).contains(ResultImage.Missing.NO_OUTPUT);
    assertThat(ResultImage.missing(null, false)).isEmpty();
    assertThat(ResultImage.missing(BuildxSyntax.output("out"), false))
        .contains(ResultImage.Missing.FILES);
    assertThat(ResultImage.missing(BuildxSyntax.output("type=tar,dest=o.tar"), true))
        .contains(ResultImage.Missing.FILES);
    assertThat(ResultImage.missing(BuildxSyntax.output("type=image,name=r/a"), true))
        .contains(ResultImage.Missing.NOT_PUSHED);
    assertThat(ResultImage.missing(BuildxSyntax.output("type=image,name=r/a,push=true"), true))
        .isEmpty();
    assertThat(ResultImage.missing(BuildxSyntax.output("type=registry,name=r/a"), true)).isEmpty();
    assertThat(ResultImage.missing(BuildxSyntax.output("type=oci,dest=a.tar"), true)).isEmpty();
    assertThat(ResultImage.missing(BuildxSyntax.output("type=docker"), true)).isEmpty();
  }

  @Test
  void aPushedImageIsReadFromTheRegistryByItsDigest() {
    ResultImage.Located pushed =
        of("type=image,push=true", result(DIGEST, "127.0.0.1:5000/a/b:1", "x/y:2")).orElseThrow();
    assertThat(pushed.reference())
        .isEqualTo(new ImageReference.Registry("127.0.0.1:5000/a/b@" + DIGEST));
    assertThat(pushed.name()).isEqualTo("127.0.0.1:5000/a/b@" + DIGEST);
    // the output's own name wins over the tags; a digest in it is dropped
    assertThat(
            ResultImage.of(
                    new BuildOutput(
                        "registry", null, Map.of("name", "localhost:5000/n@sha256:00,other/n:2")),
                    result(DIGEST, "t:1"))
                .orElseThrow()
                .name())
        .isEqualTo("localhost:5000/n@" + DIGEST);
    assertThat(of("type=image,push=true", result("", "r/a:1"))).isEmpty();
    assertThat(of("type=image,push=true", result(DIGEST))).isEmpty();
  }

  @Test
  void archivesAreReadFromTheFileWritten() {
    assertThat(of("type=oci,dest=/o/app.tar", result(DIGEST)).orElseThrow().reference())
        .isEqualTo(new ImageReference.OciArchive(Path.of("/o/app.tar"), ""));
    assertThat(of("type=oci,dest=/o/app,tar=false", result(DIGEST)).orElseThrow().name())
        .isEqualTo("oci:/o/app");
    ResultImage.Located docker =
        of("type=docker,dest=/o/d.tar,name=a:1", result(DIGEST)).orElseThrow();
    assertThat(docker.reference())
        .isEqualTo(new ImageReference.DockerArchive(Path.of("/o/d.tar"), ""));
    assertThat(docker.name()).isEqualTo("docker-archive:/o/d.tar");
  }

  @Test
  void theEnginesImageAndALoadedOneAreReadFromTheEngineByTheirId() {
    assertThat(of(null, result(DIGEST)).orElseThrow().reference())
        .isEqualTo(new ImageReference.DockerDaemon(DIGEST));
    assertThat(of("type=docker", result(DIGEST)).orElseThrow().name()).isEqualTo(DIGEST);
    assertThat(ResultImage.of(new BuildOutput("docker", null, Map.of()), result(""))).isEmpty();
    assertThat(of("out", result(""))).isEmpty();
  }
}
