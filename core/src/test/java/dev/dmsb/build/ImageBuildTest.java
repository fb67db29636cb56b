package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuildTest {
  @TempDir Path dir;
  final FakeEngine engine = new FakeEngine();
  final List<BuildProgress> progress = new ArrayList<>();

  private static final String DOCKERFILE =
      "FROM reg.example:5000/base:1 AS builder\nRUN make\nFROM dmsb/busybox:latest\n"
          + "COPY --from=builder /out /app\nRUN false\n";

  private BuildSpec spec(
      Path dockerfile, BuilderChoice builder, boolean pull, Set<String> sources) {
    return new BuildSpec(
        dir,
        dockerfile,
        DOCKERFILE,
        List.of("t:1"),
        null,
        Map.of("A", "1"),
        Map.of(),
        false,
        pull,
        null,
        null,
        builder,
        Optional.ofNullable(sources),
        List.of("reg.example:5000/base:1", "dmsb/busybox:latest"),
        registry ->
            registry.equals("reg.example:5000")
                ? new RegistryAuth(registry, "u", "p", null)
                : null);
  }

  @Test
  void buildkitPrePullsMissingImagesWithCredentialsAndSendsPullFalse() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.localImages = Set.of("dmsb/busybox:latest");
    BuildResult r =
        new ImageBuild(engine)
            .build(spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), progress::add);
    assertThat(r.builder()).isEqualTo(BuilderKind.BUILDKIT);
    assertThat(r.imageId()).startsWith("sha256:");
    assertThat(engine.pulled).containsExactly("reg.example:5000/base:1");
    assertThat(engine.pullAuths.get(0).username()).isEqualTo("u");
    assertThat(engine.request.pull()).isFalse();
    assertThat(engine.request.dockerfile()).isEqualTo("Dockerfile");
    assertThat(progress).first().isInstanceOf(BuildProgress.Pulling.class);
  }

  /** The build host's own warnings become dmsb's warnings (shown under -q); the engine's stay. */
  @Test
  void theHostsOwnWarningsAreWarningsAndTheEnginesEventsStayEngineEvents() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    engine.events =
        List.of(new BuildEvent.Warning("cache import skipped"), new BuildEvent.Text("Step 1/2\n"));
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.BUILDKIT, false, null), progress::add);
    assertThat(progress)
        .contains(new BuildProgress.Warning("cache import skipped"))
        .contains(new BuildProgress.Engine(new BuildEvent.Text("Step 1/2\n")))
        .noneMatch(
            p -> p instanceof BuildProgress.Engine e && e.event() instanceof BuildEvent.Warning);
  }

  @Test
  void pullFlagRefreshesEveryImageBeforeBuildkit() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.localImages = Set.of("dmsb/busybox:latest");
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.BUILDKIT, true, null), progress::add);
    assertThat(engine.pulled).containsExactly("reg.example:5000/base:1", "dmsb/busybox:latest");
    assertThat(engine.request.pull()).isFalse();
  }

  @Test
  void legacyGetsCredentialsInTheRequestAndKeepsPull() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.LEGACY, true, null), progress::add);
    assertThat(engine.pulled).isEmpty();
    assertThat(engine.request.builder()).isEqualTo(BuilderKind.LEGACY);
    assertThat(engine.request.pull()).isTrue();
    assertThat(engine.request.registryAuth()).containsOnlyKeys("reg.example:5000");
  }

  @Test
  void autoFallsBackToLegacyAndBuildkitIsRefusedWhenMissing() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.buildkit = false;
    assertThat(
            new ImageBuild(engine)
                .build(spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {})
                .builder())
        .isEqualTo(BuilderKind.LEGACY);
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(
                        spec(dir.resolve("Dockerfile"), BuilderChoice.BUILDKIT, false, null),
                        p -> {}))
        .hasMessageContaining("--builder legacy");
  }

  @Test
  void stdinDockerfileTravelsUnderAGeneratedNameThatTheArchivesDockerignoreNames()
      throws Exception {
    Files.writeString(dir.resolve("app.txt"), "x");
    new ImageBuild(engine).build(spec(null, BuilderChoice.LEGACY, false, null), p -> {});
    String name = engine.request.dockerfile();
    assertThat(name).matches("\\.dockerfile\\.[0-9a-f]{20}");
    var tar = TarReading.read(engine.contextBytes);
    assertThat(tar.keySet()).containsExactly(name, "app.txt", ".dockerignore");
    assertThat(tar.get(name).content()).isEqualTo(DOCKERFILE);
    // The legacy builder leaves both out of the context, as with the docker CLI.
    assertThat(tar.get(".dockerignore").content()).isEqualTo(".dockerignore\n" + name + "\n");
  }

  @Test
  void theLegacyBuilderGetsTheContextsDockerignoreWithTheGeneratedNameAdded() throws Exception {
    Files.writeString(dir.resolve("app.txt"), "x");
    Files.writeString(dir.resolve("secret.txt"), "s");
    Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n.dockerignore\n");
    new ImageBuild(engine).build(spec(null, BuilderChoice.LEGACY, false, null), p -> {});
    String name = engine.request.dockerfile();
    var tar = TarReading.read(engine.contextBytes);
    // Excluded by its own rules, still sent: the daemon reads it, then drops it.
    assertThat(tar.keySet()).containsExactly(name, ".dockerignore", "app.txt");
    assertThat(tar.get(".dockerignore").content())
        .isEqualTo("secret.txt\n.dockerignore\n\n" + name + "\n");
  }

  @Test
  void buildkitGetsNoDockerignoreItWouldOnlyCopy() throws Exception {
    Files.writeString(dir.resolve("app.txt"), "x");
    Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n.dockerignore\n");
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    new ImageBuild(engine).build(spec(null, BuilderChoice.BUILDKIT, false, null), p -> {});
    String name = engine.request.dockerfile();
    assertThat(TarReading.read(engine.contextBytes).keySet()).containsExactly(name, "app.txt");

    // One that keeps itself goes as it is, without the generated name.
    Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n");
    new ImageBuild(engine).build(spec(null, BuilderChoice.BUILDKIT, false, null), p -> {});
    var tar = TarReading.read(engine.contextBytes);
    assertThat(tar.keySet())
        .containsExactly(engine.request.dockerfile(), ".dockerignore", "app.txt");
    assertThat(tar.get(".dockerignore").content()).isEqualTo("secret.txt\n");
  }

  @Test
  void buildkitWarnsWhenACopyCanTakeTheDockerfileItHadToSend() throws Exception {
    Files.writeString(dir.resolve("app.txt"), "x");
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    new ImageBuild(engine).build(spec(null, BuilderChoice.BUILDKIT, false, null), progress::add);
    String name = engine.request.dockerfile();
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("may hold the Dockerfile read from stdin, as " + name)
        .contains("--builder legacy");

    progress.clear();
    new ImageBuild(engine)
        .build(spec(null, BuilderChoice.BUILDKIT, false, Set.of(".")), progress::add);
    assertThat(warnings()).singleElement().asString().contains("will hold");

    progress.clear();
    new ImageBuild(engine)
        .build(spec(null, BuilderChoice.BUILDKIT, false, Set.of("app.txt")), progress::add);
    assertThat(warnings()).as("no source can match it").isEmpty();

    progress.clear();
    new ImageBuild(engine)
        .build(spec(null, BuilderChoice.LEGACY, false, Set.of(".")), progress::add);
    assertThat(warnings()).as("the legacy builder leaves it out").isEmpty();
  }

  @Test
  void buildkitWarnsAboutTheRewriteAndAnExcludedDockerfile() throws Exception {
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    Path df = dir.resolve("Dockerfile");
    Files.writeString(df, DOCKERFILE.replace("--from=builder", "--from=0"));
    new ImageBuild(engine)
        .build(spec(df, BuilderChoice.BUILDKIT, false, Set.of(".")), progress::add);
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("the rewritten Dockerfile dmsb submits, as " + engine.request.dockerfile())
        .contains("dmsb rewrite -i");

    progress.clear();
    Files.writeString(df, DOCKERFILE);
    Files.writeString(dir.resolve(".dockerignore"), "Dockerfile\n");
    new ImageBuild(engine)
        .build(spec(df, BuilderChoice.BUILDKIT, false, Set.of(".")), progress::add);
    assertThat(engine.request.dockerfile()).isEqualTo("Dockerfile");
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("will hold Dockerfile, which " + dir.resolve(".dockerignore") + " excludes");

    progress.clear();
    Files.delete(dir.resolve(".dockerignore"));
    new ImageBuild(engine)
        .build(spec(df, BuilderChoice.BUILDKIT, false, Set.of(".")), progress::add);
    assertThat(warnings()).as("the file as written, copied as the CLI copies it").isEmpty();
  }

  private List<String> warnings() {
    return progress.stream()
        .filter(p -> p instanceof BuildProgress.Warning)
        .map(p -> ((BuildProgress.Warning) p).message())
        .toList();
  }

  @Test
  void theDockerfileOpensTheArchiveEvenWhenNameOrderWouldPutAPaxEntryFirst() throws Exception {
    Files.writeString(dir.resolve("0" + "x".repeat(120)), "long name, sorted first");
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {});
    assertThat(engine.request.dockerfile()).isEqualTo("Dockerfile");
    ContextStreamTest.assertStartsWithPlainUstarFile(engine.contextBytes, "Dockerfile");
  }

  @Test
  void buildkitGetsADockerfileWithANonAsciiNameUnderItsOwnBehindTheFoldersHeader()
      throws Exception {
    Path df = dir.resolve("Dockerfile.ünïcode");
    Files.writeString(df, DOCKERFILE);
    Files.writeString(dir.resolve("app.txt"), "x");
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    new ImageBuild(engine).build(spec(df, BuilderChoice.BUILDKIT, false, null), progress::add);
    assertThat(engine.request.dockerfile()).isEqualTo("Dockerfile.ünïcode");
    byte[] bytes = engine.contextBytes;
    assertThat(new String(bytes, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    assertThat(new String(bytes, 0, 100, StandardCharsets.US_ASCII).replace("\0", ""))
        .isEqualTo("./");
    // No copy under another name for COPY . to take along.
    assertThat(TarReading.read(bytes).keySet())
        .containsExactly("./", "Dockerfile.ünïcode", "app.txt");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void theLegacyBuilderKeepsTheDockerfilesOwnName() throws Exception {
    Path df = dir.resolve("Dockerfile.ünïcode");
    Files.writeString(df, DOCKERFILE);
    new ImageBuild(engine).build(spec(df, BuilderChoice.LEGACY, false, null), p -> {});
    assertThat(engine.request.dockerfile()).isEqualTo("Dockerfile.ünïcode");
    assertThat(TarReading.read(engine.contextBytes).keySet()).containsExactly("Dockerfile.ünïcode");
  }

  @Test
  void theLegacyBuildersStageImagesAreTheImageIdsBeforeTheLastOne() throws Exception {
    String finalId = "sha256:" + "a".repeat(64);
    engine.events =
        List.of(
            new BuildEvent.ImageId("sha256:" + "1".repeat(64)),
            new BuildEvent.ImageId("sha256:" + "2".repeat(64)),
            new BuildEvent.ImageId(finalId));
    BuildResult legacy =
        new ImageBuild(engine)
            .build(spec(dir.resolve("Dockerfile"), BuilderChoice.LEGACY, false, null), p -> {});
    assertThat(legacy.imageId()).isEqualTo(finalId);
    assertThat(legacy.stageImages())
        .containsExactly("sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64));

    BuildResult buildkit =
        new ImageBuild(engine)
            .build(spec(dir.resolve("Dockerfile"), BuilderChoice.BUILDKIT, false, null), p -> {});
    assertThat(buildkit.stageImages()).isEmpty();
  }

  @Test
  void theContextIsReportedSentBeforeTheEngineAnswersAndOnce() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.events =
        List.of(
            new BuildEvent.Text("Step 1/5 : FROM reg.example:5000/base:1 AS builder\n"),
            new BuildEvent.Text("Successfully tagged t:1\n"));
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.LEGACY, false, null), progress::add);
    assertThat(progress)
        .extracting(
            p ->
                p instanceof BuildProgress.Engine e && e.event() instanceof BuildEvent.Text t
                    ? t.text().strip()
                    : p.getClass().getSimpleName())
        .containsExactly(
            "Started",
            "ContextSent",
            "Step 1/5 : FROM reg.example:5000/base:1 AS builder",
            "Successfully tagged t:1");
  }

  @Test
  void prunedBuildSendsOnlySourcesAndReportsSizes() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(dir.resolve("used.txt"), "u");
    Files.write(dir.resolve("big.bin"), new byte[100_000]);
    BuildResult r =
        new ImageBuild(engine)
            .build(
                spec(dir.resolve("Dockerfile"), BuilderChoice.LEGACY, false, Set.of("used.txt")),
                progress::add);
    assertThat(TarReading.read(engine.contextBytes).keySet())
        .containsExactly("Dockerfile", "used.txt");
    assertThat(r.context().fileBytes()).isEqualTo(DOCKERFILE.length() + 1);
    assertThat(r.context().contextBytes()).isEqualTo(DOCKERFILE.length() + 1 + 100_000);
  }

  @Test
  void failureNamesTheStageLineAndOutput() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    engine.error = "executor failed running [/bin/sh -c false]: exit code: 1";
    engine.events =
        List.of(
            new BuildEvent.Vertex(
                "d1", "[stage-1 3/3] RUN false", false, Instant.EPOCH, null, null),
            new BuildEvent.VertexLog("d1", 2, "boom\n".getBytes(StandardCharsets.UTF_8)),
            new BuildEvent.Vertex(
                "d1", "[stage-1 3/3] RUN false", false, Instant.EPOCH, Instant.EPOCH, "exit 1"));
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(
                        spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {}))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.getMessage()).contains("exit code: 1");
              FailedStep s = e.step().orElseThrow();
              assertThat(s.line()).isEqualTo(5);
              assertThat(s.stage()).isEqualTo("stage-1");
              assertThat(s.sourceLine()).isEqualTo("RUN false");
              assertThat(s.outputTail()).containsExactly("boom");
            });
  }

  @Test
  void legacyFailureIsFoundByStepNumber() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.error = "The command '/bin/sh -c false' returned a non-zero code: 1";
    engine.events =
        List.of(
            new BuildEvent.Text("Step 5/5 : RUN false\n"),
            new BuildEvent.Text(" ---> Running in 1234\n"),
            new BuildEvent.Text("oops\n"));
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(
                        spec(dir.resolve("Dockerfile"), BuilderChoice.LEGACY, false, null),
                        p -> {}))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.step().orElseThrow().line()).isEqualTo(5);
              assertThat(e.step().orElseThrow().outputTail()).containsExactly("oops");
            });
  }

  @Test
  void onPodmanBuildkitIsAUsageErrorNamingTheEngine() {
    engine.podman = true;
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(spec(null, BuilderChoice.BUILDKIT, false, null), p -> {}))
        .isInstanceOf(dev.dmsb.engine.EngineException.class)
        .hasMessage(
            "the engine at fake://engine is Podman 4.3.1, which builds with Buildah and has no"
                + " BuildKit; use --builder auto (Buildah)");
    assertThat(engine.request).isNull();
  }

  @Test
  void onPodmanAutoAndLegacyBuildWithBuildahThroughTheClassicApi() throws Exception {
    engine.podman = true;
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    for (BuilderChoice choice : List.of(BuilderChoice.AUTO, BuilderChoice.LEGACY)) {
      BuildResult r = new ImageBuild(engine).build(spec(null, choice, false, null), progress::add);
      assertThat(r.builder()).as(choice.name()).isEqualTo(BuilderKind.BUILDAH);
      assertThat(engine.request.builder().apiVersionParameter()).isEqualTo("1");
      // Buildah pulls with the classic API's X-Registry-Config, as the legacy builder does
      assertThat(engine.request.registryAuth()).containsKey("reg.example:5000");
    }
    assertThat(progress)
        .filteredOn(BuildProgress.Started.class::isInstance)
        .map(p -> ((BuildProgress.Started) p).builder())
        .containsExactly(BuilderKind.BUILDAH, BuilderKind.BUILDAH);
  }

  @Test
  void onPodmanMissingImagesArePulledFirstSoThatARegistryErrorIsTheRegistrys() throws Exception {
    // Buildah's own pull reports a failure only as build output, after HTTP 200
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.podman = true;
    engine.localImages = Set.of("dmsb/busybox:latest");
    new ImageBuild(engine)
        .build(spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, true, null), progress::add);
    assertThat(engine.pulled).containsExactly("reg.example:5000/base:1", "dmsb/busybox:latest");
    assertThat(engine.pullAuths.get(0).username()).isEqualTo("u");
    assertThat(engine.request.pull()).isFalse();
    assertThat(engine.request.builder()).isEqualTo(BuilderKind.BUILDAH);
  }

  @Test
  void builderBuildahBuildsOnPodmanAndIsAnErrorNamingTheEngineOnDocker() throws Exception {
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(spec(null, BuilderChoice.BUILDAH, false, null), p -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("fake://engine")
        .hasMessageContaining("has no Buildah");
    engine.podman = true;
    assertThat(
            new ImageBuild(engine)
                .build(spec(null, BuilderChoice.BUILDAH, false, null), p -> {})
                .builder())
        .isEqualTo(BuilderKind.BUILDAH);
  }

  @Test
  void aBuildahFailureAfterHttp200IsFoundByItsStepLine() throws Exception {
    // Podman 4.3.1: HTTP 200, "STEP n/m: ..." lines, then an errorDetail
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.podman = true;
    engine.error = "building at STEP \"RUN false\": while running runtime: exit status 1";
    engine.events =
        List.of(
            new BuildEvent.Text("STEP 4/5: COPY --from=builder /out /app\n"),
            new BuildEvent.Text("--> e72aaf27e74\n"),
            new BuildEvent.Text("STEP 5/5: RUN false\n"),
            new BuildEvent.Text("oops\n"));
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(
                        spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {}))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.step().orElseThrow().line()).isEqualTo(5);
              assertThat(e.step().orElseThrow().outputTail()).containsExactly("oops");
            });
  }

  @Test
  void aBuildahFailureInAMultiStageBuildIsFoundByItsStageAndStep() throws Exception {
    // Podman 4.3.1 prefixes each step of a multi-stage build with the stage: "[2/2] STEP 2/3: ..."
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.podman = true;
    engine.error = "building at STEP \"RUN false\": while running runtime: exit status 1";
    engine.events =
        List.of(
            new BuildEvent.Text("[2/2] STEP 2/3: COPY --from=builder /out /app\n"),
            new BuildEvent.Text("--> e72aaf27e74\n"),
            new BuildEvent.Text("[2/2] STEP 3/3: RUN false\n"),
            new BuildEvent.Text("oops\n"));
    assertThatThrownBy(
            () ->
                new ImageBuild(engine)
                    .build(
                        spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {}))
        .isInstanceOfSatisfying(
            BuildFailedException.class,
            e -> {
              assertThat(e.step().orElseThrow().line()).isEqualTo(5);
              assertThat(e.step().orElseThrow().outputTail()).containsExactly("oops");
            });
  }

  @Test
  void theStepImagesBuildahKeepsAreReportedForRemovalButNotTheImage() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    engine.podman = true;
    engine.localImages = Set.of("dmsb/busybox:latest", "reg.example:5000/base:1");
    engine.events =
        List.of(
            new BuildEvent.Text("STEP 2/5: RUN make\n"),
            new BuildEvent.Text("--> Using cache 1111111111111111111111111111111111111111\n"),
            new BuildEvent.Text("--> 11111111111\n"),
            new BuildEvent.Text("STEP 4/5: COPY --from=builder /out /app\n"),
            new BuildEvent.Text("--> 22222222222\n"),
            new BuildEvent.Text("STEP 5/5: RUN false\n"),
            new BuildEvent.Text("--> aaaaaaaaaaa\n"),
            new BuildEvent.ImageId("sha256:" + "a".repeat(64)));
    BuildResult r =
        new ImageBuild(engine)
            .build(spec(dir.resolve("Dockerfile"), BuilderChoice.AUTO, false, null), p -> {});
    assertThat(r.stageImages()).containsExactly("11111111111", "22222222222");
  }
}
