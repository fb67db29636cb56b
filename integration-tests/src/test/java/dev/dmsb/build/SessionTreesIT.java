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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through dmsb's BuildKit session, the seed's four reference kinds and the {@code .dockerignore}
 * cases give the image trees the docker CLI gives with BuildKit on the same engine (its own session
 * on 20.10, buildx on 28.5): every path with its type, mode, owner, size, link and content, and the
 * time of each file a COPY took from the context. Both sides build without the cache.
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
    ImageTrees.cliBuild(true, cli, "--no-cache", "-f", dockerfile.toString(), SEED.toString());
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
    ImageTrees.cliBuild(true, cli, "--no-cache", ctx.toString());
    Map<String, String> tree = ImageTrees.of(mine, SessionTreesIT::fromContext);
    assertThat(tree.keySet()).anyMatch(k -> k.startsWith("ctx/"));
    assertThat(tree).isEqualTo(ImageTrees.of(cli, SessionTreesIT::fromContext));
  }

  /**
   * What the session sends of each entry besides its content: an executable, a private and a
   * read-only file, a private folder, a symlink and a hard link, each with a time of its own (the
   * image keeps a COPY source's time); the tree, times included, is the CLI's.
   */
  @Test
  void modesLinksAndTimesAreTheClis() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("modes"));
    Path bin =
        Files.writeString(
            Files.createDirectories(ctx.resolve("bin")).resolve("run"), "#!/bin/sh\n");
    Path key = Files.writeString(ctx.resolve("key.pem"), "not a key\n");
    Path readOnly = Files.writeString(ctx.resolve("read-only.txt"), "read me\n");
    Path hidden =
        Files.writeString(
            Files.createDirectories(ctx.resolve("private")).resolve("inside.txt"), "inside\n");
    Files.createSymbolicLink(ctx.resolve("link-to-run"), Path.of("bin/run"));
    Files.createLink(ctx.resolve("hard-link.pem"), key);
    Path dockerfile =
        Files.writeString(ctx.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nCOPY . /ctx/\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(
        ctx.resolve("private"), PosixFilePermissions.fromString("rwx------"));
    long second = 981_173_106L; // 2001-02-03T04:05:06Z
    for (Path p : List.of(bin, key, readOnly, hidden, dockerfile)) {
      Files.setLastModifiedTime(
          p, FileTime.from(Instant.ofEpochSecond(second += 3600, 123_456_789)));
    }
    String mine = SUPPORT.imageName("session-modes");
    build(ctx, dockerfile, mine);
    String cli = SUPPORT.imageName("session-modes-cli");
    ImageTrees.cliBuild(true, cli, "--no-cache", ctx.toString());
    Map<String, String> tree = ImageTrees.of(mine, SessionTreesIT::fromContext);
    assertThat(tree.get("ctx/bin/run")).startsWith("file mode=755 ").contains(" mtime=981176706");
    assertThat(tree.get("ctx/key.pem")).startsWith("file mode=600 ");
    assertThat(tree.get("ctx/link-to-run")).startsWith("symlink ").contains("link=bin/run");
    assertThat(tree).isEqualTo(ImageTrees.of(cli, SessionTreesIT::fromContext));
  }

  /**
   * Files and links a {@code COPY . /ctx/} took from the context: they keep the context's times.
   * Folders do not (BuildKit stamps them as it fills them), so their times are left out.
   */
  private static boolean fromContext(String path) {
    return path.startsWith("ctx/") && !path.endsWith("/");
  }

  /** Builds in-process through the session (the progress says so). */
  private static void build(Path ctx, Path dockerfile, String tag) throws Exception {
    // No cache, on either side: BuildKit's cache key for a COPY leaves times out, so a CLI build
    // after dmsb's would reuse dmsb's layer and agree with whatever times dmsb sent.
    BuildSpec spec =
        new BuildSpec(
            ctx,
            dockerfile,
            Files.readString(dockerfile),
            List.of(tag),
            null,
            Map.of(),
            Map.of(),
            true,
            false,
            null,
            null,
            BuilderChoice.AUTO,
            Optional.empty(),
            List.of(),
            null);
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
