package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code dmsb build} against the real engine, compared with the docker 20.10 CLI. */
@Tag(TestEngine.TAG)
class DmsbBuildIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run dmsb(String... args) {
    return dmsbWithStdin(null, args);
  }

  static Run dmsbWithStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
    if (stdin != null) {
      var build = cl.getSubcommands().get("build");
      Object cmd = build.getCommand();
      try {
        var f = cmd.getClass().getDeclaredField("stdin");
        f.setAccessible(true);
        f.set(cmd, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private void multiStageFolder() throws Exception {
    Files.createDirectories(dir.resolve("src/lib"));
    Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("src/hello.txt"), "hello\n");
    Files.writeString(dir.resolve("src/lib/util.sh"), "#!/bin/sh\necho util\n");
    Files.setPosixFilePermissions(
        dir.resolve("src/lib/util.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(dir.resolve("src/current"), Path.of("hello.txt"));
    Files.writeString(dir.resolve("conf/app.conf"), "k=v\n");
    Files.write(dir.resolve("data/big.bin"), new byte[300_000]);
    Files.writeString(dir.resolve("secret.env"), "TOKEN=very-secret-value\n");
    Files.writeString(dir.resolve(".dockerignore"), "secret.env\n*.tmp\n");
    Files.writeString(dir.resolve("scratch.tmp"), "x");
    Files.writeString(
        dir.resolve("Dockerfile"),
        """
        FROM dmsb/busybox:latest AS builder
        WORKDIR /src
        COPY src/ ./
        RUN cat hello.txt > /out.txt && ./lib/util.sh >> /out.txt

        FROM dmsb/busybox:latest AS unused
        RUN exit 1

        FROM dmsb/busybox:latest
        COPY --from=builder /out.txt /app/out.txt
        COPY --from=builder /src /app/src
        COPY conf/app.conf /app/
        CMD ["cat", "/app/out.txt"]
        """);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buildkit", "legacy"})
  void multiStageBuildMatchesTheDockerCli(String builder) throws Exception {
    TestEngine.assumeBuilder(builder);
    multiStageFolder();
    if (builder.equals("legacy")) {
      // The legacy builder builds every stage: drop the failing unused one for it.
      Files.writeString(
          dir.resolve("Dockerfile"),
          Files.readString(dir.resolve("Dockerfile")).replace("RUN exit 1", "RUN true"));
    }
    String mine = SUPPORT.imageName("build-multi-" + builder);
    Run r = dmsb("build", "--builder", builder, "--progress", "plain", "-t", mine, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).matches("sha256:[0-9a-f]{64}");
    assertThat(r.err()).contains("context: sent");

    String cli = SUPPORT.imageName("build-multi-cli-" + builder);
    ImageTrees.cliBuild(builder.equals("buildkit"), cli, dir.toString());
    assertThat(ImageTrees.of(mine))
        .isEqualTo(ImageTrees.of(cli))
        .containsKey("app/src/lib/util.sh");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buildkit", "legacy"})
  void buildSubmitsTheCanonicalRewriteAndSaysWhatItChanged(String builder) throws Exception {
    TestEngine.assumeBuilder(builder);
    // An index and a differently-cased FROM: BuildKit fails on 'FROM Builder' as written.
    String original =
        "FROM dmsb/busybox:latest AS builder\n"
            + "RUN mkdir -p /out && echo built > /out/x\n"
            + "FROM Builder AS middle\n"
            + "RUN echo middle > /out/y\n"
            + "FROM dmsb/busybox:latest\n"
            + "COPY --from=1 /out /opt/out\n";
    Files.writeString(dir.resolve("Dockerfile"), original);
    String mine = SUPPORT.imageName("build-rewritten-" + builder);
    Run r = dmsb("build", "--builder", builder, "--progress", "plain", "-t", mine, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("dmsb: rewrote " + dir.resolve("Dockerfile") + ":3:6:")
        .contains("dmsb: rewrote " + dir.resolve("Dockerfile") + ":6:13:");
    assertThat(ImageTrees.of(mine)).containsKey("opt/out/x").containsKey("opt/out/y");
    // The file on disk is the user's: only what was submitted changed.
    assertThat(Files.readString(dir.resolve("Dockerfile"))).isEqualTo(original);
  }

  @Test
  void prunedAndUnprunedContextsGiveTheSameFiles() throws Exception {
    multiStageFolder();
    String pruned = SUPPORT.imageName("build-pruned");
    String whole = SUPPORT.imageName("build-whole");
    Run a = dmsb("build", "-q", "-t", pruned, dir.toString());
    Run b = dmsb("build", "-q", "--no-prune-context", "-t", whole, dir.toString());
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(ImageTrees.of(pruned)).isEqualTo(ImageTrees.of(whole));
  }

  @Test
  void prunedContextLeavesOutWhatNoCopyUses() throws Exception {
    multiStageFolder();
    BuildSpec spec =
        BuildSpec.of(dir, dir.resolve("Dockerfile"), Files.readString(dir.resolve("Dockerfile")))
            .withPlan(Optional.of(java.util.Set.of("src/", "conf/app.conf")), List.of());
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    ImageBuild.contextFor(spec, "Dockerfile").writeTo(sent);
    String bytes = sent.toString(StandardCharsets.ISO_8859_1);
    assertThat(bytes).contains("src/hello.txt").doesNotContain("data/big.bin");
    assertThat(sent.size()).isLessThan(20_000);
  }

  @Test
  void aPlantedSecretExcludedByDockerignoreIsNeverSent() throws Exception {
    multiStageFolder();
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nCOPY . /ctx/\n");
    BuildSpec spec =
        BuildSpec.of(dir, dir.resolve("Dockerfile"), Files.readString(dir.resolve("Dockerfile")));
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    ImageBuild.contextFor(spec, "Dockerfile").writeTo(sent);
    String bytes = sent.toString(StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("very-secret-value").contains("conf/app.conf");
    List<String> names = new ArrayList<>();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new ByteArrayInputStream(sent.toByteArray()))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
      }
    }
    assertThat(names).contains(".dockerignore", "Dockerfile").doesNotContain("secret.env");

    String mine = SUPPORT.imageName("build-ignore");
    String cli = SUPPORT.imageName("build-ignore-cli");
    Run r = dmsb("build", "-q", "--builder", "legacy", "-t", mine, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    ImageTrees.cliBuild(false, cli, dir.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree).doesNotContainKey("ctx/secret.env").doesNotContainKey("ctx/scratch.tmp");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }

  @Test
  void dockerignoreExceptionsMatchTheDockerCli() throws Exception {
    for (String f :
        List.of(
            "a.log",
            "keep.log",
            "build/out.bin",
            "build/keep/me.txt",
            "docs/x.md",
            "docs/sub/y.md",
            "src/main.c",
            "src/gen/z.c")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
    Files.writeString(
        dir.resolve(".dockerignore"),
        "# comment\n*.log\n!keep.log\nbuild\n!build/keep\n/docs/**/*.md\nsrc/gen\n");
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nCOPY . /ctx/\n");
    String mine = SUPPORT.imageName("build-exceptions");
    String cli = SUPPORT.imageName("build-exceptions-cli");
    Run r = dmsb("build", "-q", "--builder", "legacy", "-t", mine, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    ImageTrees.cliBuild(false, cli, dir.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree)
        .containsKeys("ctx/keep.log", "ctx/build/keep/me.txt", "ctx/src/main.c")
        .doesNotContainKeys(
            "ctx/a.log", "ctx/build/out.bin", "ctx/docs/sub/y.md", "ctx/src/gen/z.c");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }

  @Test
  void aFailingRunReportsItsLine() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS builder\nRUN echo fine\nRUN echo going-down && exit 3\n");
    for (String builder : TestEngine.builderNames()) {
      Run r = dmsb("build", "--builder", builder, "--progress", "plain", dir.toString());
      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .contains("Dockerfile:3:1 (stage builder)")
          .contains("3 | RUN echo going-down && exit 3")
          .contains("going-down");
    }
  }

  @Test
  void lintErrorsStopTheBuildBeforeAnythingIsSent() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "RUN echo too-early\nFROM dmsb/busybox:latest\n");
    Run r = dmsb("build", "--host", "tcp://127.0.0.1:1", dir.toString());
    // The engine address is unreachable: reaching it would give exit 3, so exit 1 proves the
    // build stopped at the check.
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("Dockerfile:1");
  }

  @Test
  void dockerfileFromStdinAndIidFile() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "from-context\n");
    Path iid = dir.resolve("out/iid");
    Files.createDirectories(iid.getParent());
    String mine = SUPPORT.imageName("build-stdin");
    Run r =
        dmsbWithStdin(
            "FROM dmsb/busybox:latest\nCOPY a.txt /a.txt\n",
            "build",
            "-q",
            "-f",
            "-",
            "--iidfile",
            iid.toString(),
            "-t",
            mine,
            dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(iid)).isEqualTo(r.out().strip());
    assertThat(ImageTrees.of(mine)).containsKey("a.txt");
    try (var s = Files.list(iid.getParent())) {
      assertThat(s.toList()).containsExactly(iid); // no temporary file left behind
    }
  }

  @Test
  void theBuildsLintKnowsTheBaseImagesEnvFromTheEngine() throws Exception {
    // as BuildKit: PATH is the base image's, NOPE nobody's
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\nENV P=$PATH:/opt/bin\nENV X=$NOPE_IN_BUSYBOX\n");
    Run r = dmsb("build", "-q", "-t", SUPPORT.imageName("lint-env"), dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("Dockerfile:3:5: warning[UndefinedVar]: Usage of undefined variable")
        .contains("$NOPE_IN_BUSYBOX")
        .doesNotContain("$PATH'");
  }

  @Test
  void unreachableEngineExitsThree() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\n");
    Run r = dmsb("build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
  }
}
