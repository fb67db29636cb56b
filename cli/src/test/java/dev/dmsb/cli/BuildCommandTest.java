package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return DmsbCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute(args);
  }

  @Test
  void missingFolderIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", dir.resolve("nope").toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("is not a folder");
  }

  @Test
  void missingDockerfileIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("Dockerfile").contains("not found").contains("-f");
  }

  @Test
  void badProgressAndBuilderValuesAreUsageErrors() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "build", "--progress", "fancy", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("auto, tty, plain or json");
    assertThat(run(err, "build", "--builder", "kaniko", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("buildkit, legacy, buildah or auto");
  }

  /** An engine that answers every request as {@code server} would: a ping, and 404 otherwise. */
  private static com.sun.net.httpserver.HttpServer engine(String server) throws Exception {
    var http =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Server", server);
          exchange.getResponseHeaders().add("Api-Version", "1.41");
          exchange.getResponseHeaders().add("OSType", "linux");
          boolean ping = exchange.getRequestURI().getPath().endsWith("/_ping");
          byte[] body = (ping ? "OK" : "{\"message\":\"page not found\"}").getBytes();
          exchange.sendResponseHeaders(ping ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    http.start();
    return http;
  }

  @Test
  void onPodmanTheBuildIsLintedWithBuildahsStageRules() throws Exception {
    // Buildah matches --from as written: --from=BUILD names no stage there (Podman 4.3.1)
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS build\nRUN true\nFROM dmsb/busybox:latest\n"
            + "COPY --from=BUILD /x /x\n");
    var podman = engine("Libpod/4.3.1 (linux)");
    try {
      StringWriter err = new StringWriter();
      String host = "tcp://127.0.0.1:" + podman.getAddress().getPort();
      int exit = run(err, "build", "--host", host, dir.toString());
      assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(err.toString())
          .contains("error[UndefinedStage]")
          .contains("Buildah matches stage names as written")
          .contains("nothing was built");
    } finally {
      podman.stop(0);
    }
    var docker = engine("Docker/20.10.24+dfsg1 (linux)");
    try {
      StringWriter err = new StringWriter();
      String host = "tcp://127.0.0.1:" + docker.getAddress().getPort();
      run(err, "build", "--host", host, dir.toString());
      assertThat(err.toString()).doesNotContain("UndefinedStage");
    } finally {
      docker.stop(0);
    }
  }

  @Test
  void lintErrorsComeBeforeAnUnreachableEngineAndStopTheBuild() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "RUN echo too-early\nFROM scratch\n");
    StringWriter err = new StringWriter();
    // An address nobody listens on: contacting it would exit 3.
    int exit = run(err, "build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("Dockerfile:1").contains("nothing was built");
  }

  @Test
  void lintFindingsLookAsInDmsbLintAndNotesAreLeftOut() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest AS Build\nFROM dmsb/busybox:latest\nCOPY --from=build /x /x\n");
    StringWriter err = new StringWriter();
    int exit = run(err, "build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    String name = dir.resolve("Dockerfile").toString();
    assertThat(err.toString())
        .startsWith(
            name
                + ":1:29: warning[StageNameCasing]: Stage name 'Build' should be lowercase\n"
                + " 1 | FROM dmsb/busybox:latest AS Build\n"
                + "   |                             ^^^^^\n"
                + "  = help: AS build\n"
                + "  = see: https://docs.docker.com/go/dockerfile/rule/stage-name-casing/\n"
                + "0 errors, 1 warning, 0 notes\n")
        // dmsb lint notes both latest tags; a build does not repeat them
        .doesNotContain("LatestTag");
  }

  @Test
  void checkErrorTrueOrErrorOnStopsTheBuildAsBuildKitWould() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"), "# check=error=true\nFROM dmsb/busybox:1\nCMD echo hi\n");
    StringWriter err = new StringWriter();
    int exit = run(err, "build", "--host", "tcp://127.0.0.1:1", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("error[JSONArgsRecommended]").contains("nothing was built");
    StringWriter skipped = new StringWriter();
    exit =
        run(
            skipped,
            "build",
            "--host",
            "tcp://127.0.0.1:1",
            "--skip",
            "JSONArgsRecommended",
            dir.toString());
    assertThat(exit).as(skipped.toString()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    assertThat(skipped.toString()).doesNotContain("JSONArgsRecommended]");
  }

  @Test
  void secretLookingBuildArgValuesAreMaskedInWhatIsPrinted() throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "ARG BASE_TOKEN\nFROM dmsb/busybox:1 AS very-secret-imagx\nFROM ${BASE_TOKEN}\nRUN true\n");
    StringWriter err = new StringWriter();
    // The lint warning (a name close to a stage's) names the image, which is the secret; then the
    // engine is unreachable.
    int exit =
        run(
            err,
            "build",
            "--host",
            "tcp://127.0.0.1:1",
            "--build-arg",
            "BASE_TOKEN=very-secret-image",
            dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    assertThat(err.toString())
        .contains("image named **** (did you mean very-secret-imagx?)")
        .doesNotContain("very-secret-image");
  }

  @Test
  void badCheckOptionsStopTheBuildBeforeTheEngineIsContacted() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:1\nRUN true\n");
    StringWriter err = new StringWriter();
    int exit =
        run(err, "build", "--host", "tcp://127.0.0.1:1", "--max-size", "10QB", dir.toString());
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--max-size");
    exit =
        run(
            err,
            "build",
            "--host",
            "tcp://127.0.0.1:1",
            "--verify",
            "--expect-layers",
            "-1",
            dir.toString());
    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--expect-layers must be 0 or more");
  }

  @Test
  void aDockerfileAsPathBuildsItsFolder() throws Exception {
    Files.writeString(dir.resolve("app.Dockerfile"), "RUN too-early\nFROM scratch\n");
    StringWriter err = new StringWriter();
    int exit =
        run(err, "build", "--host", "tcp://127.0.0.1:1", dir.resolve("app.Dockerfile").toString());
    // Linted (and refused) without asking for PATH/Dockerfile.
    assertThat(exit).as(err.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("app.Dockerfile:1");
  }

  @Test
  void iidFileIsWrittenAtomically() throws Exception {
    Path target = dir.resolve("iid");
    Files.writeString(target, "old");
    IidFile.write(target, "sha256:abc");
    assertThat(Files.readString(target)).isEqualTo("sha256:abc");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).containsExactly(target);
    }
  }
}
