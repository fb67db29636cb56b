package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.buildkit.BuildkitSessions;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * BuildKit builds through dmsb's session on the engine: what travels on a rebuild, secrets from a
 * file and from a variable, a missing required secret, {@code .dockerignore} exceptions equal to
 * the docker CLI's, and {@code -v} naming the path.
 */
@Tag(TestEngine.TAG)
class SessionIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static final int FILE = 256 * 1024;
  static final String COPY_ALL = "FROM dmsb/busybox:latest\nCOPY . /ctx/\n";

  @TempDir Path dir;

  @org.junit.jupiter.api.BeforeEach
  void onlyWhereBuildKitBuilds() {
    TestEngine.assumeBuilder(true); // the session is BuildKit's (Podman builds with Buildah)
  }

  private BuildResult build(Path ctx, String tag) throws Exception {
    Path df = ctx.resolve("Dockerfile");
    BuildSpec spec = BuildSpec.of(ctx, df, Files.readString(df)).withTags(List.of(tag));
    List<BuildProgress> progress = new ArrayList<>();
    try (DockerEngine engine =
        DockerEngine.connect(EngineEndpoint.plain(EngineSupport.dockerHost(), "test"))) {
      BuildResult r =
          new ImageBuild(engine, BuildkitSessions.on(engine)).build(spec, progress::add);
      assertThat(progress)
          .filteredOn(p -> p instanceof BuildProgress.Transport)
          .singleElement()
          .asString()
          .contains("BuildKit session");
      return r;
    }
  }

  @Test
  void aRebuildSendsOnlyTheFilesThatChanged() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), COPY_ALL);
    Random random = new Random(42);
    for (int i = 0; i < 16; i++) {
      byte[] b = new byte[FILE];
      random.nextBytes(b);
      Files.write(ctx.resolve("f" + i + ".bin"), b);
    }
    long dockerfile = COPY_ALL.length();
    BuildResult first = build(ctx, SUPPORT.imageName("session-rebuild-1"));
    assertThat(first.context().fileBytes()).isEqualTo(16L * FILE + dockerfile + dockerfile);

    BuildResult again = build(ctx, SUPPORT.imageName("session-rebuild-2"));
    assertThat(again.imageId()).isEqualTo(first.imageId());
    assertThat(again.context().fileBytes())
        .as("only the Dockerfile, which its own directory sends every time")
        .isEqualTo(dockerfile);
    assertThat(again.context().archiveBytes()).isLessThan(64 * 1024);

    byte[] changed = new byte[FILE];
    random.nextBytes(changed);
    Files.write(ctx.resolve("f7.bin"), changed);
    String third = SUPPORT.imageName("session-rebuild-3");
    BuildResult one = build(ctx, third);
    assertThat(one.context().fileBytes()).isEqualTo(FILE + dockerfile);
    assertThat(one.context().archiveBytes()).isBetween((long) FILE, FILE + 64L * 1024);
    assertThat(ImageTrees.of(third).get("ctx/f7.bin")).contains(sha256(changed));
  }

  @Test
  void secretsFromAFileAndAVariableReachTheRunStepAndNothingElse() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    String fileSecret = "file-secret-" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4});
    Path secretFile = Files.writeString(dir.resolve("token.txt"), fileSecret);
    String envValue = System.getenv("HOME");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\n"
            + "RUN --mount=type=secret,id=tok sha256sum /run/secrets/tok | cut -d' ' -f1 > /tok.sum\n"
            + "RUN --mount=type=secret,id=home,required=true"
            + " sha256sum /run/secrets/home | cut -d' ' -f1 > /home.sum\n");
    String image = SUPPORT.imageName("session-secrets");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "--progress",
            "plain",
            "--secret",
            "id=tok,src=" + secretFile,
            "--secret",
            "id=home,env=HOME",
            "-t",
            image,
            ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(ImageTrees.fileIn(image, "/tok.sum").strip())
        .isEqualTo(sha256(fileSecret.getBytes(StandardCharsets.UTF_8)));
    assertThat(ImageTrees.fileIn(image, "/home.sum").strip())
        .isEqualTo(sha256(envValue.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.err() + r.out()).doesNotContain(fileSecret);
    assertThat(ImageTrees.of(image).toString()).doesNotContain(fileSecret);
    String history =
        new String(
            new ProcessBuilder("docker", "history", "--no-trunc", image)
                .start()
                .getInputStream()
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(history).contains("sha256sum").doesNotContain(fileSecret);
  }

  @Test
  void aMissingRequiredSecretFailsNamingIt() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    String id = "nowhere-" + EngineSupport.RUN_ID;
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\nRUN --mount=type=secret,id=" + id + ",required=true true\n");
    // No flag names it: the check stops the build before anything is sent.
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build", "--no-cache", "-t", SUPPORT.imageName("session-missing"), ctx.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("Dockerfile:2:5: error[UnsuppliedBuildMount]")
        .contains("'" + id + "'")
        .contains("nothing was built");
    // A flag names it, but its variable is not set: the engine asks, and the build fails naming it.
    String unset = "DMSB_UNSET_" + EngineSupport.RUN_ID;
    assertThat(System.getenv(unset)).isNull();
    r =
        DmsbBuildIT.dmsb(
            "build",
            "--no-cache",
            "--secret",
            "id=" + id + ",env=" + unset,
            "-t",
            SUPPORT.imageName("session-missing"),
            ctx.toString());
    assertThat(r.exit()).isEqualTo(1);
    // BuildKit 0.8 (Docker 20.10) says "secret ID not found", later ones "secret ID: not found"
    assertThat(r.err()).containsPattern("secret " + id + ":? not found").contains("Dockerfile:2");
  }

  @Test
  void dockerignoreExceptionsGiveTheCliTree() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), COPY_ALL);
    Files.createDirectories(ctx.resolve("sub/inner"));
    Files.writeString(ctx.resolve("sub/keep.txt"), "keep\n");
    Files.writeString(ctx.resolve("sub/drop.txt"), "drop\n");
    Files.writeString(ctx.resolve("sub/inner/deep.txt"), "deep\n");
    Files.writeString(ctx.resolve("top.log"), "log\n");
    Files.writeString(ctx.resolve("top.txt"), "txt\n");
    Files.writeString(ctx.resolve(".dockerignore"), "sub\n!sub/keep.txt\n*.log\n");
    String mine = SUPPORT.imageName("session-ignore");
    DmsbBuildIT.Run r = DmsbBuildIT.dmsb("build", "-q", "-v", "-t", mine, ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("dmsb: BuildKit session ");
    String cli = SUPPORT.imageName("session-ignore-cli");
    ImageTrees.cliBuild(true, cli, ctx.toString());
    assertThat(ImageTrees.of(mine)).isEqualTo(ImageTrees.of(cli));
    assertThat(ImageTrees.of(mine))
        .containsKey("ctx/sub/keep.txt")
        .doesNotContainKey("ctx/top.log");
  }

  @Test
  void localAndTarOutputsAreTheClis() throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS build\n"
            + "COPY . /src/\n"
            + "RUN mkdir -p /out/sub && cp /src/a.txt /out/ && ln -s a.txt /out/link"
            + " && chmod 0640 /out/a.txt && echo made > /out/sub/made.txt\n"
            + "FROM scratch\n"
            + "COPY --from=build /out/ /\n");
    Files.writeString(ctx.resolve("a.txt"), "exported\n");
    Path mine = dir.resolve("mine");
    Path cli = dir.resolve("cli");
    DmsbBuildIT.Run r = DmsbBuildIT.dmsb("build", "-q", "-o", mine.toString(), ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).as("no image ID for an exported build").isEmpty();
    ImageTrees.cliBuild(
        true, SUPPORT.imageName("session-out-cli"), "-o", cli.toString(), ctx.toString());
    assertThat(tree(mine)).isEqualTo(tree(cli)).containsKeys("a.txt", "link", "sub/made.txt");

    Path mineTar = dir.resolve("mine.tar");
    Path cliTar = dir.resolve("cli.tar");
    r = DmsbBuildIT.dmsb("build", "-q", "--output", "type=tar,dest=" + mineTar, ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    ImageTrees.cliBuild(
        true,
        SUPPORT.imageName("session-tar-cli"),
        "-o",
        "type=tar,dest=" + cliTar,
        ctx.toString());
    assertThat(Files.readAllBytes(mineTar)).isEqualTo(Files.readAllBytes(cliTar));
  }

  /** Path to type, mode, size, link target, content hash and (files, links) modification time. */
  private static java.util.Map<String, String> tree(Path root) throws Exception {
    java.util.Map<String, String> t = new java.util.TreeMap<>();
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        var a =
            Files.readAttributes(
                p, "unix:mode,size,lastModifiedTime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean dir = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean link = Files.isSymbolicLink(p);
        String what =
            String.format("mode=%o", (Integer) a.get("mode"))
                + (dir ? "" : " size=" + a.get("size"))
                + (link ? " -> " + Files.readSymbolicLink(p) : "")
                + (!dir && !link ? " " + sha256(Files.readAllBytes(p)) : "")
                // folders get the time they were written into; files keep the image's, to the µs
                + (dir
                    ? ""
                    : " t="
                        + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime"))
                            .to(java.util.concurrent.TimeUnit.MICROSECONDS));
        t.put(root.relativize(p).toString(), what);
      }
    }
    return t;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
