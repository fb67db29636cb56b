package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Dockerfile sent under a generated name ({@code .dockerfile.<hex>}: read from stdin, kept
 * outside the context, or dmsb's rewrite of it) must not reach the image through {@code COPY .},
 * nor must a {@code .dockerignore} that the docker CLI leaves out: the image's file tree is
 * compared with the docker 20.10 CLI's for both builders.
 *
 * <p>The legacy builder drops what the archive's {@code .dockerignore} names, so dmsb adds the
 * generated name to it as the CLI does (whose random name then differs in that file's content: it
 * is compared with the names masked). BuildKit builds go through a session, as the CLI's: the
 * Dockerfile travels in a directory of its own and the client applies {@code .dockerignore} while
 * walking, so the trees are equal and no warning is given.
 */
@Tag(TestEngine.TAG)
class GeneratedDockerfileIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static final Pattern GENERATED = Pattern.compile("\\.dockerfile\\.[0-9a-f]{20}");
  static final String COPY_ALL = "FROM dmsb/busybox:latest\nCOPY . /app/\n";

  @TempDir Path dir;

  /** A context with files to copy and, unless {@code ignore} is "none", a .dockerignore. */
  Path context(String ignore) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("visible.txt"), "visible\n");
    Files.createDirectories(ctx.resolve("sub"));
    Files.writeString(ctx.resolve("sub/deep.txt"), "deep\n");
    Files.writeString(ctx.resolve("secret.txt"), "left out\n");
    switch (ignore) {
      case "none" -> Files.delete(ctx.resolve("secret.txt"));
      case "kept" -> Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n");
      case "self-excluded" ->
          Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n.dockerignore\n");
      default -> throw new IllegalArgumentException(ignore);
    }
    return ctx;
  }

  @ParameterizedTest(name = "{0}, .dockerignore {1}")
  @CsvSource({
    "buildkit,none",
    "buildkit,kept",
    "buildkit,self-excluded",
    "legacy,none",
    "legacy,kept",
    "legacy,self-excluded"
  })
  void aDockerfileFromStdin(String builder, String ignore) throws Exception {
    fromStdinLikeTheCli(builder, COPY_ALL, context(ignore), "generated-stdin");
  }

  /** Builds {@code dockerfile} from stdin with dmsb and with the CLI and compares the files. */
  Map<String, String> fromStdinLikeTheCli(String builder, String dockerfile, Path ctx, String name)
      throws Exception {
    TestEngine.assumeBuilder(builder);
    String mine = SUPPORT.imageName(name + "-" + builder);
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsbWithStdin(
            dockerfile, "build", "-q", "--builder", builder, "-f", "-", "-t", mine, ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String cli = SUPPORT.imageName(name + "-cli-" + builder);
    ImageTrees.cliBuildWithStdin(
        builder.equals("buildkit"), dockerfile, cli, "-f", "-", ctx.toString());
    return assertSameFiles(builder, r, mine, cli, true);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buildkit", "legacy"})
  void aDockerfileOutsideTheContext(String builder) throws Exception {
    TestEngine.assumeBuilder(builder);
    Path ctx = context("kept");
    Path outside = Files.createDirectories(dir.resolve("elsewhere")).resolve("Dockerfile");
    Files.writeString(outside, COPY_ALL);
    String mine = SUPPORT.imageName("generated-outside-" + builder);
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "-q",
            "--builder",
            builder,
            "-f",
            outside.toString(),
            "-t",
            mine,
            ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String cli = SUPPORT.imageName("generated-outside-cli-" + builder);
    ImageTrees.cliBuild(builder.equals("buildkit"), cli, "-f", outside.toString(), ctx.toString());
    assertSameFiles(builder, r, mine, cli, true);
  }

  @ParameterizedTest(name = "{0}, .dockerignore {1}")
  @CsvSource({"buildkit,none", "buildkit,self-excluded", "legacy,none", "legacy,self-excluded"})
  void aRewrittenDockerfile(String builder, String ignore) throws Exception {
    TestEngine.assumeBuilder(builder);
    Path ctx = context(ignore);
    // dmsb writes the index as the stage's name and sends that text under a generated name.
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\n"
            + "COPY visible.txt /built.txt\n"
            + "FROM dmsb/busybox:latest\n"
            + "COPY --from=0 /built.txt /built.txt\n"
            + "COPY . /app/\n");
    String mine = SUPPORT.imageName("generated-rewrite-" + builder);
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb("build", "-q", "--builder", builder, "-t", mine, ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    if (builder.equals("buildkit")) {
      // BuildKit reads the file as written as it reads the rewrite: it goes as written, so no
      // rewritten copy travels in the archive for COPY . to take.
      assertThat(r.err()).doesNotContain("rewrote");
    } else {
      assertThat(r.err()).contains("dmsb: rewrote ");
    }
    String cli = SUPPORT.imageName("generated-rewrite-cli-" + builder);
    ImageTrees.cliBuild(builder.equals("buildkit"), cli, ctx.toString());
    Map<String, String> tree = assertSameFiles(builder, r, mine, cli, true);
    assertThat(tree).containsKeys("built.txt", "app/Dockerfile");
  }

  @org.junit.jupiter.api.Test
  void aRewriteBuildKitNeedsIsSentApartFromTheContextAndStaysCached() throws Exception {
    // BuildKit refuses FROM Builder after AS builder; the rewrite mends it, so the rewrite goes,
    // in the session's own Dockerfile directory: not in the image, and a second build finds every
    // step cached.
    TestEngine.assumeBuilder(true);
    Path ctx = context("kept");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS builder\n"
            + "COPY visible.txt /built.txt\n"
            + "FROM Builder\n"
            + "COPY . /app/\n");
    String first = SUPPORT.imageName("generated-mended-1");
    String second = SUPPORT.imageName("generated-mended-2");
    DmsbBuildIT.Run r1 =
        DmsbBuildIT.dmsb("build", "-q", "--builder", "buildkit", "-t", first, ctx.toString());
    DmsbBuildIT.Run r2 =
        DmsbBuildIT.dmsb("build", "-q", "--builder", "buildkit", "-t", second, ctx.toString());
    assertThat(r1.exit()).as(r1.err()).isZero();
    assertThat(r2.exit()).as(r2.err()).isZero();
    assertThat(r1.err()).contains("dmsb: rewrote ").doesNotContain("dmsb: warning");
    List<String> generated =
        ImageTrees.of(first).keySet().stream().filter(k -> GENERATED.matcher(k).find()).toList();
    assertThat(generated).as("the session sends the rewrite apart from the context").isEmpty();
    assertThat(ImageTrees.of(first)).containsKey("app/Dockerfile");
    assertThat(r2.out())
        .as("the same image: the generated name did not change")
        .isEqualTo(r1.out());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buildkit", "legacy"})
  void aDockerfileWhosePathNeedsAPaxHeader(String builder) throws Exception {
    TestEngine.assumeBuilder(builder);
    // BuildKit sniffs the first 1024 bytes for a tar header, so this name can't open the archive.
    Path ctx = context("kept");
    Path df = ctx.resolve("Dockerfile.ünïcode");
    Files.writeString(df, COPY_ALL);
    String mine = SUPPORT.imageName("generated-pax-" + builder);
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build", "-q", "--builder", builder, "-f", df.toString(), "-t", mine, ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String cli = SUPPORT.imageName("generated-pax-cli-" + builder);
    ImageTrees.cliBuild(builder.equals("buildkit"), cli, "-f", df.toString(), ctx.toString());
    Map<String, String> tree = assertSameFiles(builder, r, mine, cli, false);
    assertThat(tree).containsKey("app/Dockerfile.ünïcode");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buildkit", "legacy"})
  void aPrunedContextWhoseCopiesCannotTakeTheDockerfile(String builder) throws Exception {
    // Only sub/ is used: pruning leaves .dockerignore out of what COPY needs (the legacy builder
    // still gets it, naming the Dockerfile), and no COPY can match the generated name, so BuildKit
    // gives no warning.
    Map<String, String> tree =
        fromStdinLikeTheCli(
            builder,
            "FROM dmsb/busybox:latest\nCOPY sub/ /app/\n",
            context("kept"),
            "generated-pruned");
    assertThat(tree).containsKey("app/deep.txt").doesNotContainKey("app/visible.txt");
  }

  /**
   * Compares the trees of {@code mine} and {@code cli}: equal (for the legacy builder with the
   * generated names in {@code .dockerignore} masked), with no generated Dockerfile in the image and
   * no warning. Returns dmsb's tree.
   */
  static Map<String, String> assertSameFiles(
      String builder, DmsbBuildIT.Run r, String mine, String cli, boolean generatedName)
      throws Exception {
    Map<String, String> mineTree = masked(mine);
    Map<String, String> cliTree = masked(cli);
    List<String> generated =
        mineTree.keySet().stream().filter(k -> GENERATED.matcher(k).find()).toList();
    assertThat(generated).as("generated Dockerfiles in the image").isEmpty();
    assertThat(r.err()).doesNotContain("warning");
    assertThat(mineTree).isEqualTo(cliTree);
    return mineTree;
  }

  /** The tree, with a copied .dockerignore's content hash replaced by its masked text. */
  static Map<String, String> masked(String image) throws Exception {
    Map<String, String> tree = new TreeMap<>(ImageTrees.of(image));
    for (String path : List.copyOf(tree.keySet())) {
      if (path.endsWith("/.dockerignore") && tree.get(path).startsWith("file ")) {
        String text = ImageTrees.fileIn(image, "/" + path);
        String attributes = tree.get(path).replaceAll(" [0-9a-f]{64}$", "");
        tree.put(path, attributes + " " + GENERATED.matcher(text).replaceAll(".dockerfile.<name>"));
      }
    }
    return tree;
  }
}
