package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.buildkit.BuildkitSessions;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import dev.dmsb.it.api.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through dmsb's BuildKit session, the seed's four reference kinds and the {@code .dockerignore}
 * cases give the image trees the docker CLI gives with BuildKit on the same engine (its own session
 * on 20.10, buildx on 28.5): every path with its type, mode, owner, size, link and content.
 */
@Tag(TestEngine.TAG)
class SessionTreesIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static final Path SEED = locate("examples/seed");

  @TempDir Path dir;

  @BeforeAll
  static void registry() throws Exception {
    TestEngine.assumeBuilder(true);
    LocalRegistry.ensureBusybox(); // the external-image kind copies from it
  }

  static Stream<String> seeds() {
    return Stream.of("named-stage", "index", "external-image", "stage-as-base");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSeedScenarioGivesTheClisTree(String kind) throws Exception {
    Path dockerfile = SEED.resolve(kind + ".Dockerfile");
    String mine = SUPPORT.imageName("session-seed-" + kind);
    build(SEED, dockerfile, mine);
    String cli = SUPPORT.imageName("session-seed-" + kind + "-cli");
    ImageTrees.cliBuild(true, cli, "-f", dockerfile.toString(), SEED.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree).containsKey("opt/app/bin/hello");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }

  /** Name, {@code .dockerignore}, files: the cases of the legacy-builder and session tests. */
  static Stream<List<String>> ignoreCases() {
    return Stream.of(
        List.of(
            "planted-secret",
            "secret.env\n*.tmp\n",
            "secret.env",
            "scratch.tmp",
            "app.txt",
            "sub/app.txt"),
        List.of(
            "exceptions",
            "# comment\n*.log\n!keep.log\nbuild\n!build/keep\n/docs/**/*.md\nsrc/gen\n",
            "a.log",
            "keep.log",
            "build/out.bin",
            "build/keep/me.txt",
            "docs/x.md",
            "docs/sub/y.md",
            "src/main.c",
            "src/gen/z.c"),
        List.of(
            "excluded-folder-kept-file",
            "sub\n!sub/keep.txt\n*.log\n",
            "sub/keep.txt",
            "sub/drop.txt",
            "sub/inner/deep.txt",
            "top.log",
            "top.txt"),
        List.of(
            "dockerignore-and-dockerfile-ignored",
            ".dockerignore\nDockerfile\n*/*.md\n",
            "README.md",
            "docs/a.md",
            "docs/b.txt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ignoreCases")
  void aDockerignoreCaseGivesTheClisTree(List<String> c) throws Exception {
    String name = c.get(0);
    Path ctx = Files.createDirectories(dir.resolve(name));
    for (String f : c.subList(2, c.size())) {
      Path p = ctx.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f + "\n");
    }
    Files.writeString(ctx.resolve(".dockerignore"), c.get(1));
    Path dockerfile =
        Files.writeString(ctx.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nCOPY . /ctx/\n");
    String mine = SUPPORT.imageName("session-ignore-" + name);
    build(ctx, dockerfile, mine);
    String cli = SUPPORT.imageName("session-ignore-" + name + "-cli");
    ImageTrees.cliBuild(true, cli, ctx.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree.keySet()).anyMatch(k -> k.startsWith("ctx/"));
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }

  /** Builds in-process through the session (the progress says so). */
  private static void build(Path ctx, Path dockerfile, String tag) throws Exception {
    BuildSpec spec =
        BuildSpec.of(ctx, dockerfile, Files.readString(dockerfile)).withTags(List.of(tag));
    List<BuildProgress> progress = new ArrayList<>();
    try (DockerEngine engine =
        DockerEngine.connect(EngineEndpoint.plain(EngineSupport.dockerHost(), "test"))) {
      new ImageBuild(engine, BuildkitSessions.on(engine)).build(spec, progress::add);
    }
    assertThat(progress)
        .filteredOn(p -> p instanceof BuildProgress.Transport)
        .singleElement()
        .asString()
        .contains("BuildKit session");
  }

  private static Path locate(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
