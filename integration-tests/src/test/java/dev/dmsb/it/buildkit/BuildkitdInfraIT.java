package dev.dmsb.it.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground the buildkitd tests stand on: the daemons of {@code scripts/engine.sh up}, buildctl as
 * the oracle, and the trees read back from the registry and from archives.
 */
@Tag(Buildkitd.TAG)
class BuildkitdInfraIT {
  static final String DOCKERFILE =
      "FROM "
          + Buildkitd.BASE_IMAGE
          + " AS builder\n"
          + "RUN mkdir /out && echo built > /out/app && wget -q -O /out/registry http://"
          + Buildkitd.REGISTRY
          + "/v2/\n"
          + "FROM "
          + Buildkitd.BASE_IMAGE
          + "\n"
          + "COPY --from=builder /out /opt/out\n"
          + "COPY hello.txt /hello.txt\n";

  static Buildkitd buildkitd;
  @TempDir static Path work;
  static Path context;

  @BeforeAll
  static void daemonAndContext() throws Exception {
    buildkitd = Buildkitd.require();
    context = Files.createDirectory(work.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(context.resolve("hello.txt"), "hello\n");
  }

  static String ref(String name) {
    return Buildkitd.REGISTRY
        + "/dmsb-it/"
        + name
        + ":"
        + EngineSupport.RUN_ID
        + "-"
        + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
  }

  @Test
  void buildctlPushesATwoStageBuildWhoseTreeIsReadBack() throws Exception {
    String ref = ref("buildkitd-infra");

    String digest = buildkitd.buildctl().push(context, ref);

    RegistryImage image = RegistryImage.of(ref);
    assertThat(image.digest()).isEqualTo(digest);
    assertThat(image.layerDigests()).as("the base's 2 layers and the 2 COPY").hasSize(4);
    Map<String, String> tree = image.tree();
    assertThat(tree.get("opt/out/app"))
        .startsWith("file mode=644 uid=0 gid=0 size=6 ")
        .endsWith(sha256("built\n"));
    assertThat(tree.get("opt/out/registry"))
        .as("the RUN step reached the registry")
        .contains("size=2 ");
    assertThat(tree.get("hello.txt")).endsWith(sha256("hello\n"));
    assertThat(tree).containsKeys("bin/busybox", "bin/sh", "opt/", "opt/out/");
    assertThat(tree).doesNotContainKey("out/");
    assertThat(image.config().path("rootfs").path("diff_ids")).hasSize(4);
  }

  @Test
  void archivesHoldTheTreeTheRegistryHolds() throws Exception {
    String ref = ref("buildkitd-infra-archives");
    buildkitd.buildctl().push(context, ref);
    Map<String, String> pushed = RegistryImage.of(ref).tree();

    ArchiveImage oci =
        ArchiveImage.oci(
            buildkitd.buildctl().export(context, "oci", null, work.resolve("oci.tar")));
    ArchiveImage docker =
        ArchiveImage.docker(
            buildkitd
                .buildctl()
                .export(context, "docker", "dmsb-it/infra:1", work.resolve("docker.tar")));

    assertThat(oci.layerCount()).isEqualTo(4);
    assertThat(oci.tree()).isEqualTo(pushed);
    assertThat(docker.layerCount()).isEqualTo(4);
    assertThat(docker.tree()).isEqualTo(pushed);
  }

  @Test
  void deletionsInLaterLayersAreAppliedAsBuildKitsOwnFileSystemExportShows() throws Exception {
    Path ctx = Files.createDirectory(work.resolve("whiteouts"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + Buildkitd.BASE_IMAGE
            + "\n"
            + "RUN rm /bin/vi && mkdir -p /d/sub && touch /d/x /d/sub/y\n"
            + "RUN rm -r /d && mkdir /d && touch /d/z && rm /bin/ls\n");
    String ref = ref("buildkitd-infra-whiteouts");
    buildkitd.buildctl().push(ctx, ref);

    Map<String, String> pushed = RegistryImage.of(ref).tree();
    Path fs = buildkitd.buildctl().export(ctx, "tar", null, work.resolve("whiteouts.tar"));
    Map<String, String> exported = LayerTree.of(java.util.List.of(() -> Files.newInputStream(fs)));

    assertThat(pushed).containsKey("d/z").doesNotContainKeys("bin/vi", "bin/ls", "d/x", "d/sub/");
    assertThat(pushed).isEqualTo(exported);
  }

  @Test
  void credentialsComeFromTheClientsDockerConfigAndWithoutThemThePushIsRefused() throws Exception {
    String ref = ref("buildkitd-infra-auth").replace(Buildkitd.REGISTRY, "127.0.0.1:5001");
    Path config = Files.createDirectory(work.resolve("docker-config"));
    Files.writeString(
        config.resolve("config.json"),
        "{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\""
            + java.util.Base64.getEncoder()
                .encodeToString("dmsb:dmsb-secret".getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    Path none = Files.createDirectory(work.resolve("no-docker-config"));

    Buildctl.Result refused =
        buildkitd
            .buildctl()
            .withDockerConfig(none)
            .build(context, context, List.of("--output", "type=image,name=" + ref + ",push=true"));
    String digest = buildkitd.buildctl().withDockerConfig(config).push(context, ref);

    assertThat(refused.ok()).isFalse();
    assertThat(refused.output()).contains("401 Unauthorized");
    assertThat(RegistryImage.of(ref, "dmsb", "dmsb-secret").digest()).isEqualTo(digest);
    assertThatThrownBy(() -> RegistryImage.of(ref)).hasMessageContaining("401");
  }

  @Test
  void theRegistryTreeOfTheBaseIsWhatTheEngineExports() throws Exception {
    Map<String, String> fromRegistry = RegistryImage.of(Buildkitd.BASE_IMAGE).tree();

    Map<String, String> fromEngine = ImageTrees.of(EngineSupport.BASE_IMAGE);

    assertThat(fromRegistry).hasSizeGreaterThan(100);
    assertThat(fromEngine).containsAllEntriesOf(fromRegistry);
  }

  @Test
  void tcpTakesTheRightMaterialAndRefusesTheWrong() {
    Path other = buildkitd.otherTlsDir();

    assertThat(buildkitd.buildctlOverTcp().answers()).isTrue();

    Buildctl.Result wrongCa =
        buildkitd
            .buildctlOverTcp(other.resolve("ca.pem"), buildkitd.clientCert(), buildkitd.clientKey())
            .run("--timeout", "5", "debug", "workers");
    assertThat(wrongCa.ok()).isFalse();
    assertThat(wrongCa.output()).contains("certificate signed by unknown authority");

    Buildctl.Result wrongClient =
        buildkitd
            .buildctlOverTcp(
                buildkitd.caCert(), other.resolve("cert.pem"), other.resolve("key.pem"))
            .run("--timeout", "5", "debug", "workers");
    assertThat(wrongClient.ok()).isFalse();
  }

  @Test
  void theEmptyDaemonHoldsNothingOncePrunedAndBuildsFromTheRegistry() throws Exception {
    Buildctl empty = Buildkitd.requireWithEmpty().buildctlOnEmpty();

    empty.pruneAll();
    if (EngineSupport.STRICT) {
      // Only where the run has the machine to itself: on a shared one another run's build may
      // hold records on the empty daemon at this moment.
      assertThat(empty.cacheRecords()).isEmpty();
    }
    Path out = empty.export(context, "tar", null, work.resolve("empty.tar"));

    assertThat(Files.size(out)).isGreaterThan(1000);
    assertThat(empty.cacheRecords()).isNotEmpty();
  }

  @Test
  void aScratchBuildkitdKilledMidBuildEndsTheBuildPushesNothingAndLeavesNothing() throws Exception {
    Path ctx = Files.createDirectory(work.resolve("killed"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM " + Buildkitd.BASE_IMAGE + "\nRUN echo step-started && sleep 300\n");
    String ref = ref("buildkitd-infra-killed");
    Path root;
    try (ScratchBuildkitd scratch = ScratchBuildkitd.start(buildkitd)) {
      root = Path.of(scratch.host().substring("unix://".length())).getParent();
      Process build =
          scratch
              .buildctl()
              .startBuild(ctx, ctx, List.of("--output", "type=image,name=" + ref + ",push=true"));
      StringBuilder seen = new StringBuilder();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        // the step's own output ("#5 0.104 step-started"), not its name in the progress
        while ((line = out.readLine()) != null && !line.matches("#\\d+ [0-9.]+ step-started")) {
          seen.append(line).append('\n');
        }
        assertThat(line).as("the RUN step's output; before it:\n%s", seen).isNotNull();

        scratch.kill();

        out.transferTo(java.io.Writer.nullWriter());
      }
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).as("buildctl ends").isTrue();
      assertThat(build.exitValue()).isNotZero();
    }
    assertThat(root).doesNotExist();
    assertThatThrownBy(() -> RegistryImage.of(ref)).hasMessageContaining("404");
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
