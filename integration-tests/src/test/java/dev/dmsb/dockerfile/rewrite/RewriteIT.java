package dev.dmsb.dockerfile.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TarContext;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rewritten Dockerfiles against the real engine: they build to the same files as the originals with
 * both builders, a pruned file spares the legacy builder a broken stage, and {@code --pin} writes
 * the registry's own digest. File trees are read with the docker 20.10 CLI ({@code docker create} +
 * {@code docker export}) as an oracle independent of dmsb.
 */
@Tag(TestEngine.TAG)
class RewriteIT {
  static final String REGISTRY_IMAGE = "127.0.0.1:5000/dmsb/busybox:latest";
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static DockerEngine engine;

  /** The cases: each builds with the legacy builder as written (BuildKit may refuse some). */
  static final Map<String, String> CASES =
      Map.of(
          "index",
          "# unnamed stage copied by index\n"
              + "FROM dmsb/busybox:latest\n"
              + "COPY hello.txt /tmp/\n"
              + "RUN mkdir -p /out && cp /tmp/hello.txt /out/ && echo built > /out/b\n"
              + "\n"
              + "FROM dmsb/busybox:latest\n"
              + "COPY --from=0 /out /opt/app\n",
          "case",
          "FROM dmsb/busybox:latest AS Builder\n"
              + "RUN mkdir /out && echo one > /out/one\n"
              + "FROM builder AS next\n"
              + "RUN echo two > /out/two\n"
              + "FROM dmsb/busybox:latest\n"
              + "COPY --from=NEXT /out /opt/app\n"
              + "COPY --from=BUILDER /out/one /opt/one\n",
          "continuation",
          "FROM dmsb/busybox:latest\n"
              + "RUN mkdir /out \\\n"
              + " && echo x > /out/x\n"
              + "FROM dmsb/busybox:latest\n"
              + "COPY \\\n"
              + "  --from=0 \\\n"
              + "  /out /opt/app\n");

  @BeforeAll
  static void connect() throws Exception {
    engine = DockerEngine.connect(EngineEndpoint.plain(TestEngine.host(), "test"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"index", "case", "continuation"})
  void originalAndRewrittenBuildToTheSameFilesWithBothBuilders(String name) throws Exception {
    if (name.equals("case")) {
      TestEngine.assumeNotPodman(
          "Buildah 1.28 matches stage names in COPY --from case-sensitively (COPY --from=NEXT finds no stage next)");
    }
    String original = CASES.get(name);
    String rewritten = Rewriter.rewrite("Dockerfile", original, RewriteOptions.defaults()).text();
    assertThat(rewritten).isNotEqualTo(original);
    Map<String, String> expected = ImageTrees.of(build(original, BuilderKind.LEGACY, null));
    assertThat(expected).containsKey("opt/app/");
    for (BuilderKind builder : TestEngine.builderKinds()) {
      assertThat(ImageTrees.of(build(rewritten, builder, null)))
          .as("%s rewritten, built by %s", name, builder)
          .isEqualTo(expected);
    }
    if (!name.equals("case")) { // BuildKit refuses 'FROM builder' after 'AS Builder'
      assertThat(ImageTrees.of(build(original, BuilderKind.BUILDKIT, null))).isEqualTo(expected);
    }
  }

  @Test
  void aPrunedFileSparesTheLegacyBuilderABrokenUnusedStage() throws Exception {
    TestEngine.assumeNotPodman(
        "Buildah skips unused stages, so there is no legacy builder that builds them all");
    String original =
        "FROM dmsb/busybox:latest AS broken\n"
            + "RUN echo this stage fails && false\n"
            + "\n"
            + "FROM dmsb/busybox:latest AS app\n"
            + "RUN echo ok > /ok\n";
    BuildOutcome before = tryBuild(original, BuilderKind.LEGACY, "app");
    assertThat(before.succeeded()).as("the legacy builder builds every stage up to app").isFalse();
    RewriteOptions prune =
        RewriteOptions.defaults()
            .withPrune(true)
            .withGraph(new GraphOptions(Map.of(), "app", Semantics.LEGACY));
    String pruned = Rewriter.rewrite("Dockerfile", original, prune).text();
    assertThat(pruned).isEqualTo("FROM dmsb/busybox:latest AS app\nRUN echo ok > /ok\n");
    assertThat(ImageTrees.of(build(pruned, BuilderKind.LEGACY, "app"))).containsKey("ok");
  }

  @Test
  void pinWritesTheRegistrysOwnDigest(@TempDir Path dir) throws Exception {
    String registryDigest = registryDigest();
    assumeTrue(registryDigest != null, "no registry with dmsb/busybox on 127.0.0.1:5000");
    Path df = dir.resolve("Dockerfile");
    // only the registry's image: any other name would send the engine to the internet
    String text =
        "FROM "
            + REGISTRY_IMAGE
            + " AS base\nFROM base\nCOPY --from="
            + REGISTRY_IMAGE
            + " /bin/busybox /b\n";
    Files.writeString(df, text);
    String expected = text.replace(REGISTRY_IMAGE, REGISTRY_IMAGE + "@" + registryDigest);
    assertThat(rewrite("--pin", df)).isEqualTo(expected);

    // --pin=local reads the pulled image's RepoDigests: the same digest, when they give one for
    // the repository; Podman's list every manifest digest it knew the image by (here the one it
    // loaded it with as well), and then --pin=local does not guess
    engine.pull(REGISTRY_IMAGE, null, e -> {});
    long known =
        engine.inspect(REGISTRY_IMAGE).repoDigests().stream()
            .filter(d -> d.startsWith("127.0.0.1:5000/dmsb/busybox@"))
            .distinct()
            .count();
    if (known == 1) {
      assertThat(rewrite("--pin=local", df)).isEqualTo(expected);
    } else {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
              .execute("rewrite", "--pin=local", df.toString());
      assertThat(out.toString()).isEqualTo(text);
      assertThat(err.toString())
          .contains(df + ":1:6: cannot pin image '" + REGISTRY_IMAGE + "'")
          .contains(known + " digests for 127.0.0.1:5000/dmsb/busybox")
          .contains(registryDigest)
          .contains("use --pin=registry");
      assertThat(code).isZero();
    }
    // and the pinned file builds
    assertThat(ImageTrees.of(build(expected, BuilderKind.BUILDKIT, null))).containsKey("b");
  }

  @Test
  void pinPinsWhatTheRegistryHoldsAndNamesTheRest(@TempDir Path dir) throws Exception {
    String registryDigest = registryDigest();
    assumeTrue(registryDigest != null, "no registry with dmsb/busybox on 127.0.0.1:5000");
    Path df = dir.resolve("Dockerfile");
    String missing = "127.0.0.1:5000/dmsb/never-pushed:1";
    String text =
        "FROM " + missing + " AS base\nFROM " + REGISTRY_IMAGE + "\nCOPY --from=base /a /a\n";
    Files.writeString(df, text);
    String expected = text.replace(REGISTRY_IMAGE, REGISTRY_IMAGE + "@" + registryDigest);
    for (boolean strict : new boolean[] {false, true}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args =
          strict
              ? new String[] {"rewrite", "--pin", "--strict", df.toString()}
              : new String[] {"rewrite", "--pin", df.toString()};
      int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
      assertThat(out.toString()).isEqualTo(expected);
      assertThat(err.toString())
          .contains(df + ":1:6: cannot pin image '" + missing + "'")
          .doesNotContain("Exception");
      assertThat(code).isEqualTo(strict ? 1 : 0);
    }
  }

  static String rewrite(String pin, Path df) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute("rewrite", pin, "-q", df.toString());
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    return out.toString();
  }

  // ---- helpers ----

  static String registryDigest() {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:5000/v2/dmsb/busybox/manifests/latest")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(1000);
      c.setRequestMethod("HEAD");
      c.setRequestProperty(
          "Accept",
          "application/vnd.docker.distribution.manifest.v2+json,"
              + "application/vnd.docker.distribution.manifest.list.v2+json,"
              + "application/vnd.oci.image.manifest.v1+json,"
              + "application/vnd.oci.image.index.v1+json");
      return c.getResponseCode() == 200 ? c.getHeaderField("Docker-Content-Digest") : null;
    } catch (IOException e) {
      return null;
    }
  }

  static String build(String dockerfile, BuilderKind builder, String target) throws Exception {
    BuildOutcome o = tryBuild(dockerfile, builder, target);
    assertThat(o.succeeded()).as("build with %s: %s\n%s", builder, o.error(), dockerfile).isTrue();
    return o.imageId().orElseThrow();
  }

  static BuildOutcome tryBuild(String dockerfile, BuilderKind builder, String target)
      throws Exception {
    String tag = SUPPORT.imageName("rewrite");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Dockerfile", dockerfile);
    files.put("hello.txt", "hello\n");
    return engine.build(
        new BuildRequest(
            builder,
            "Dockerfile",
            List.of(tag),
            target,
            Map.of(),
            Map.of(),
            false,
            false,
            null,
            null,
            Map.of()),
        TarContext.of(files),
        event -> {});
  }
}
