package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build says before it reaches a working engine: each failure names the fix. */
class BuildPlanTest {
  @TempDir Path dir;

  /** An engine that answers ping as told and refuses everything else. */
  static final class StubEngine implements Engine {
    final boolean down;
    final boolean buildkit;
    final List<String> calls = new ArrayList<>();

    StubEngine(boolean down, boolean buildkit) {
      this.down = down;
      this.buildkit = buildkit;
    }

    @Override
    public String address() {
      return "unix:///stub.sock";
    }

    @Override
    public EngineInfo ping() throws EngineException {
      calls.add("ping");
      if (down) {
        throw new EngineUnreachableException(address(), "connection refused", null);
      }
      return new EngineInfo("20.10.24", "1.41", "linux", "amd64", buildkit);
    }

    @Override
    public BuildOutcome build(
        BuildRequest r, BuildContextWriter c, BuildEventListener l, Cancellation x) {
      calls.add("build");
      throw new AssertionError("no build expected");
    }

    @Override
    public ImageDetails inspect(String image) throws EngineException {
      throw new ImageNotFoundException(image, "No such image: " + image);
    }

    @Override
    public List<HistoryEntry> history(String image) throws EngineException {
      throw new ImageNotFoundException(image, "No such image: " + image);
    }

    @Override
    public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
      throw new ImageNotFoundException(image, "No such image: " + image);
    }

    @Override
    public String distributionDigest(String reference, RegistryAuth auth) {
      throw new AssertionError();
    }

    @Override
    public void pull(String reference, RegistryAuth auth, BuildEventListener listener) {
      throw new AssertionError();
    }

    @Override
    public void removeImage(String image, boolean force) {}

    @Override
    public void close() {}
  }

  private static DmsbEngine engine(StubEngine stub) {
    return new DmsbEngine(stub, List.of(), registry -> null);
  }

  @Test
  void aMissingDockerfileSaysWhereItLookedAndHowToPointElsewhere() {
    StubEngine stub = new StubEngine(false, true);
    assertThatThrownBy(() -> Dmsb.build(dir).engine(engine(stub)).build())
        .isInstanceOf(DockerfileProblemException.class)
        .hasMessageContaining("there is no Dockerfile in the build context " + dir)
        .hasMessageContaining(
            "name the file with .dockerfile(Path), relative to the working folder");
    assertThat(stub.calls).doesNotContain("build");
  }

  @Test
  void aContextThatIsNoFolderIsNamedAsTheContextNotAsAMissingDockerfile() {
    Path missing = dir.resolve("no-such-folder");
    assertThatThrownBy(
            () -> Dmsb.build(missing).engine(engine(new StubEngine(false, true))).build())
        .isInstanceOf(DockerfileProblemException.class)
        .hasMessageStartingWith("the build context " + missing + " is not a folder")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Dmsb.build(Path) takes the context folder")
        .hasMessageNotContaining("no Dockerfile");
  }

  @Test
  void aDockerfileGivenRelativeToTheContextSaysWhichFolderItIsRelativeTo() throws Exception {
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("app.Dockerfile"), "FROM dmsb/busybox:latest\n");
    Path asGiven = Path.of("app.Dockerfile"); // meant relative to the context
    String shouldBe = context.resolve("app.Dockerfile").toString();
    assertThatThrownBy(
            () ->
                Dmsb.build(context)
                    .dockerfile(asGiven)
                    .engine(engine(new StubEngine(false, true)))
                    .build())
        .isInstanceOf(DockerfileProblemException.class)
        .hasMessageContaining("there is no Dockerfile at " + asGiven.toAbsolutePath())
        .hasMessageContaining(".dockerfile(Path) is relative to the working folder")
        .hasMessageContaining("not to the context")
        .hasMessageContaining("did you mean .dockerfile(Path.of(\"" + shouldBe + "\"))?");
  }

  @Test
  void lineReferencesUseTheDockerfilesNameRelativeToTheContext() {
    Path context = dir.resolve("ctx");
    assertThat(DockerfileAnalysis.nameOf(context.resolve("docker/leaky.Dockerfile"), context))
        .isEqualTo("docker/leaky.Dockerfile");
    assertThat(DockerfileAnalysis.nameOf(context.resolve("Dockerfile"), context))
        .isEqualTo("Dockerfile");
    assertThat(DockerfileAnalysis.nameOf(Path.of("other/x.Dockerfile"), context))
        .isEqualTo("other/x.Dockerfile");
    assertThat(DockerfileAnalysis.nameOf(Path.of("leaky.Dockerfile"), null))
        .isEqualTo("leaky.Dockerfile");
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOldNamesStillWorkForOneRelease() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nRUN true\n");
    assertThatThrownBy(
            () ->
                Dmsb.build(dir)
                    .builder(Builder.BUILDKIT)
                    .verify(VerifyExpectations.none())
                    .engine(engine(new StubEngine(false, false)))
                    .build())
        .hasMessageContaining("does not offer BuildKit");
    assertThat(Builder.LEGACY.backend()).isEqualTo(BuildBackend.LEGACY);
    assertThat(BuildBackend.AUTO.legacyName()).isEqualTo(Builder.AUTO);
    assertThat(Builder.class.isAnnotationPresent(Deprecated.class)).isTrue();
    assertThat(
            BuildPlan.class
                .getMethod("verify", VerifyExpectations.class)
                .isAnnotationPresent(Deprecated.class))
        .isTrue();
  }

  @Test
  void lintErrorsStopTheBuildAndAreListed() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS build\nRUN true\nFROM dmsb/busybox:latest\nCOPY --from=biuld /a /a\n");
    StubEngine stub = new StubEngine(false, true);
    assertThatThrownBy(() -> Dmsb.build(dir).engine(engine(stub)).build())
        .isInstanceOfSatisfying(
            DockerfileProblemException.class,
            e -> {
              assertThat(e.diagnostics())
                  .isNotEmpty()
                  .allMatch(d -> d.severity() == Severity.ERROR);
              assertThat(e.getMessage()).contains("Dockerfile:4:").contains("fix them first");
            });
    assertThat(stub.calls).doesNotContain("build");
  }

  @Test
  void anEngineThatIsDownSaysHowToReachOne() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nRUN true\n");
    assertThatThrownBy(() -> Dmsb.build(dir).engine(engine(new StubEngine(true, true))).build())
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("no container engine answers at unix:///stub.sock")
        .hasMessageContaining("DOCKER_HOST");
  }

  @Test
  void buildkitAskedOfAnEngineWithoutIt() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nRUN true\n");
    assertThatThrownBy(
            () ->
                Dmsb.build(dir)
                    .backend(BuildBackend.BUILDKIT)
                    .engine(engine(new StubEngine(false, false)))
                    .build())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("does not offer BuildKit; use .backend(BuildBackend.LEGACY)");
  }

  @Test
  void verifyingAMissingImageNamesIt() {
    assertThatThrownBy(
            () -> Dmsb.verify("nope:1").engine(engine(new StubEngine(false, true))).verify())
        .isInstanceOfSatisfying(
            ImageMissingException.class, e -> assertThat(e.image()).isEqualTo("nope:1"))
        .hasMessageContaining("build or pull it first");
  }

  @Test
  void expectationsRejectNonsenseEarly() {
    assertThatThrownBy(() -> VerifyExpectations.none().maxSize("ten megs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10MB");
    assertThatThrownBy(() -> VerifyExpectations.none().layers(-1))
        .hasMessageContaining("0 or more");
    assertThatThrownBy(() -> VerifyExpectations.none().forbid("/a/[b"))
        .hasMessageContaining("without ']'");
    VerifyExpectations e =
        VerifyExpectations.none().layers(3).forbid("/tmp/**").forbid("*.pem").strict();
    assertThat(e.forbidden()).containsExactly("/tmp/**", "*.pem");
    assertThat(e.failOnShippedBuilder()).isTrue();
    assertThat(e.layers()).hasValue(3);
  }
}
