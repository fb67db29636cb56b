package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbEvent;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.LayerVerdict;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The seed's four reference kinds, each built through the API with BuildKit and with the legacy
 * builder (Buildah on Podman), verified against its Dockerfile, compared file by file with the
 * engine's own docker CLI build of it, then started with Testcontainers (no network) and looked at
 * from inside: the unpacked tree is under /opt, the tarball and what the first stage unpacked it
 * from are not in the image.
 */
@Tag(TestEngine.TAG)
class SeedScenariosIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();
  private static DmsbEngine engine;

  @BeforeAll
  static void engine() throws Exception {
    engine = DmsbEngine.fromEnvironment();
    LocalRegistry.ensureBusybox();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(Seed.values())
        .flatMap(
            seed ->
                Stream.of(BuildBackend.BUILDKIT, BuildBackend.LEGACY)
                    .map(b -> Arguments.of(seed, b)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("cases")
  void buildsVerifiesAndRuns(Seed seed, BuildBackend builder) throws Exception {
    TestEngine.assumeBuilder(builder == BuildBackend.BUILDKIT);
    List<DmsbEvent> events = new ArrayList<>();
    String tag =
        SUPPORT.imageName("api-" + seed.file + "-" + builder.name().toLowerCase(Locale.ROOT));
    BuiltImage image =
        Dmsb.build(Seed.CONTEXT)
            .dockerfile(seed.dockerfile())
            .backend(builder)
            .tag(tag)
            .noCache() // fresh image IDs: what this test removes is its own
            .expect(
                VerifyExpectations.none()
                    .layers(seed.layers)
                    .maxSize("10MB")
                    .forbid("/tmp/app-1.0.tar.gz", "/tmp/app-1.0")
                    .strict())
            .onEvent(events::add)
            .engine(engine)
            .build();
    try {
      assertThat(image.id()).startsWith("sha256:").hasSize(71);
      assertThat(image.backend()).isEqualTo(builder);
      assertThat(events).anyMatch(e -> e instanceof DmsbEvent.BuildStarted);
      assertThat(events).anyMatch(e -> e instanceof DmsbEvent.Step);
      // the legacy builder keeps an image per non-final stage (removed below); BuildKit none
      if (builder == BuildBackend.LEGACY) {
        assertThat(image.stageImages()).isNotEmpty();
      } else {
        assertThat(image.stageImages()).isEmpty();
      }

      VerifyResult result = image.verification().orElseThrow();
      ImageAssertions.assertThat(result)
          .passed()
          .keptOnlyFinalStage()
          .hasLayerCount(seed.layers)
          .sizeAtMost("10MB")
          .contains("/opt/app/bin/hello")
          .contains("/opt/app/README")
          .doesNotContain("/tmp/app-1.0.tar.gz")
          .doesNotContain("/tmp/app-1.0");
      assertThat(result.layers(LayerVerdict.OK)).hasSize(result.history().size());
      assertThat(result.history())
          .filteredOn(h -> !h.stage().startsWith("base "))
          .allSatisfy(h -> assertThat(h.line()).isPositive());

      // the same files as the engine's own docker CLI builds from the seed (on Podman: Debian's
      // docker 20.10 CLI on the classic build path, which Buildah serves); no cache, so neither
      // build's images become the other's
      String cli = SUPPORT.imageName("api-" + seed.file + "-cli");
      ImageTrees.cliBuild(
          builder == BuildBackend.BUILDKIT,
          cli,
          "--no-cache",
          "-f",
          seed.dockerfile().toString(),
          Seed.CONTEXT.toString());
      assertThat(ImageTrees.of(tag)).isEqualTo(ImageTrees.of(cli)).containsKey("opt/app/bin/hello");

      try (GenericContainer<?> container =
          new GenericContainer<>(DockerImageName.parse(image.id()))
              .withNetworkMode("none")
              .withCommand("sleep", "300")) {
        container.start();
        ExecResult tree = container.execInContainer("find", "/opt");
        assertThat(tree.getStdout().lines())
            .contains("/opt/app", "/opt/app/bin/hello", "/opt/app/README");
        assertThat(container.execInContainer("/opt/app/bin/hello").getStdout())
            .isEqualTo("hello from app 1.0\n");
        for (String leftover : List.of("/tmp/app-1.0.tar.gz", "/tmp/app-1.0")) {
          assertThat(container.execInContainer("test", "-e", leftover).getExitCode())
              .as("%s must not be in the image", leftover)
              .isEqualTo(1);
        }
        // nothing of the first stage but what was copied: only /opt/app arrived under /opt
        assertThat(tree.getStdout().lines())
            .allMatch(p -> p.equals("/opt") || p.startsWith("/opt/app"));
      }
    } finally {
      Leftovers.removeAndCheck(engine, image);
    }
  }
}
