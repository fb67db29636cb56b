package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dmsb verify} against images built by Debian's docker 20.10 CLI with both builders on the
 * real engine. Every image gets a unique tag and is removed afterwards.
 */
@Tag(TestEngine.TAG)
class VerifyIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static final String NAMED =
      "FROM dmsb/busybox:latest AS stage0\n"
          + "RUN mkdir -p /out && echo hello > /out/hello.txt\n"
          + "FROM dmsb/busybox:latest\n"
          + "COPY --from=stage0 /out /opt/\n";
  static final String INDEX =
      "FROM dmsb/busybox:latest\n"
          + "RUN mkdir -p /out && echo hello > /out/hello.txt\n"
          + "FROM dmsb/busybox:latest\n"
          + "COPY --from=0 /out /opt/\n";
  static final String STAGE_BASE =
      "FROM dmsb/busybox:latest AS stage0\n"
          + "RUN mkdir -p /out && echo hello > /out/hello.txt\n"
          + "FROM stage0 AS stage1\n"
          + "RUN echo more > /out/more.txt\n"
          + "FROM dmsb/busybox:latest\n"
          + "COPY --from=stage1 /out /opt/\n";
  static final String ATTRIB =
      "FROM dmsb/busybox:latest AS build\n"
          + "ARG VERSION=1.0\n"
          + "RUN echo \"$VERSION\" > /version.txt\n"
          + "FROM dmsb/busybox:latest\n"
          + "WORKDIR /app\n"
          + "ENV APP_HOME=/app MODE=prod\n"
          + "LABEL org.example.title=\"demo\" org.example.version=1\n"
          + "COPY --from=build /version.txt ./\n"
          + "CMD [\"/bin/sh\", \"-c\", \"cat /app/version.txt\"]\n";
  static final String SHIPPED =
      "FROM dmsb/busybox:latest AS builder\n"
          + "RUN mkdir -p /src && head -c 300000 /dev/zero > /src/toolchain.bin"
          + " && echo secret > /src/builder-secret.txt\n"
          + "RUN echo built > /app.bin\n"
          + "FROM builder\n"
          + "COPY --from=builder /app.bin /usr/local/bin/app\n";

  @TempDir static Path dir;

  /** Builds {@code dockerfile} with the docker CLI and returns the Dockerfile's path and tag. */
  static String[] build(String name, String dockerfile, boolean buildkit, String... extra)
      throws Exception {
    String tag = SUPPORT.imageName("verify-" + name + "-" + (buildkit ? "bk" : "legacy"));
    Path ctx = Files.createDirectories(dir.resolve(name + (buildkit ? "-bk" : "-legacy")));
    Path file = ctx.resolve("Dockerfile");
    Files.writeString(file, dockerfile);
    List<String> args = new ArrayList<>(List.of("build", "-q", "-t", tag));
    args.addAll(List.of(extra));
    args.add(ctx.toString());
    assertThat(docker(buildkit, args.toArray(String[]::new))).as("docker build " + tag).isZero();
    return new String[] {file.toString(), tag};
  }

  static int docker(boolean buildkit, String... args) throws Exception {
    TestEngine.assumeBuilder(buildkit);
    List<String> cmd = new ArrayList<>(List.of(TestEngine.dockerCli()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_BUILDKIT", buildkit ? "1" : "0");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    if (p.exitValue() != 0 && args[0].equals("build")) {
      System.err.println(output);
    }
    return p.exitValue();
  }

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  static Run dmsb(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String builderFlag(boolean buildkit) {
    TestEngine.assumeBuilder(buildkit);
    return buildkit ? "buildkit" : "legacy";
  }

  @ParameterizedTest(name = "{0} buildkit={1}")
  @CsvSource({
    "named,true",
    "named,false",
    "index,true",
    "index,false",
    "stagebase,true",
    "stagebase,false"
  })
  void referenceKindsVerifyWithTheRightLayerCountAndFailWithAWrongOne(String kind, boolean buildkit)
      throws Exception {
    String dockerfile =
        switch (kind) {
          case "named" -> NAMED;
          case "index" -> INDEX;
          default -> STAGE_BASE;
        };
    String[] built = build(kind, dockerfile, buildkit);
    String finalLine = kind.equals("stagebase") ? "6" : "4";

    Run right =
        dmsb(
            "verify",
            built[1],
            "-f",
            built[0],
            "--builder",
            builderFlag(buildkit),
            "--expect-layers",
            "3",
            "--format",
            "json");
    Run wrong =
        dmsb(
            "verify",
            built[1],
            "-f",
            built[0],
            "--builder",
            builderFlag(buildkit),
            "--expect-layers",
            "4");

    assertThat(right.code()).as(right.out() + right.err()).isZero();
    JsonNode rows = right.json().path("rows");
    assertThat(rows.get(0).path("stage").asText()).isEqualTo("base dmsb/busybox:latest");
    assertThat(rows.get(2).path("line").asText()).isEqualTo(finalLine);
    assertThat(rows.get(2).path("digest").asText()).startsWith("sha256:");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out()).contains("FAIL layer-count: expected 4 layers, found 3");
  }

  @Test
  void anExternalImageAsCopySourceWhenALocalRegistryRuns() throws Exception {
    assumeTrue(registryRuns(), "no registry on 127.0.0.1:5000");
    String remote = SUPPORT.imageNameIn("127.0.0.1:5000", "verify-busybox");
    assertThat(docker(true, "tag", "dmsb/busybox:latest", remote)).isZero();
    assertThat(docker(true, "push", remote)).isZero();
    String dockerfile =
        "FROM dmsb/busybox:latest\nCOPY --from=" + remote + " /bin/busybox /opt/bb\n";
    for (boolean buildkit : new boolean[] {true, false}) {
      String[] built = build("external", dockerfile, buildkit);
      assertThat(dmsb("verify", built[1], "-f", built[0], "--expect-layers", "3").code()).isZero();
      assertThat(dmsb("verify", built[1], "-f", built[0], "--expect-layers", "2").code()).isOne();
    }
  }

  @ParameterizedTest(name = "buildkit={0}")
  @ValueSource(booleans = {true, false})
  void aFinalStageFromTheBuilderIsCaughtWithTheBuildersLayersNamed(boolean buildkit)
      throws Exception {
    String[] built = build("shipped", SHIPPED, buildkit);

    Run lenient =
        dmsb(
            "verify",
            built[1],
            "-f",
            built[0],
            "--builder",
            builderFlag(buildkit),
            "--format",
            "json");
    Run strict =
        dmsb("verify", built[1], "-f", built[0], "--builder", builderFlag(buildkit), "--strict");

    assertThat(lenient.code()).as(lenient.out()).isZero();
    JsonNode finding = lenient.json().path("findings").get(0);
    assertThat(finding.path("rule").asText()).isEqualTo("builder-shipped");
    assertThat(finding.path("severity").asText()).isEqualTo("warning");
    assertThat(finding.path("message").asText()).contains("stage 'builder'");
    // the builder's 300 kB file, in the figure the engine's history counts: uncompressed bytes on
    // Docker's graph drivers, disk usage (whole file-system blocks, entries included) on the
    // containerd image store, the layer's uncompressed tar stream (headers and padding included)
    // on Podman
    String builderLayers =
        finding.path("message").asText().replaceAll("(?s).*its 2 layers \\(([0-9.]+)kB\\).*", "$1");
    if (TestEngine.containerdStore()) {
      assertThat(Double.parseDouble(builderLayers)).isBetween(300.0, 400.0);
    } else if (TestEngine.isPodman()) {
      assertThat(Double.parseDouble(builderLayers)).isBetween(300.0, 330.0);
    } else {
      assertThat(builderLayers).isEqualTo("300");
    }
    assertThat(finding.path("evidence"))
        .extracting(e -> e.path("line").asInt())
        .containsExactly(2, 3);
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out()).contains("error [builder-shipped]");
  }

  @ParameterizedTest(name = "buildkit={0}")
  @ValueSource(booleans = {true, false})
  void theLeakScanFindsAPlantedBuilderFile(boolean buildkit) throws Exception {
    String[] built = build("leak", SHIPPED, buildkit);

    Run scan =
        dmsb(
            "verify",
            built[1],
            "-f",
            built[0],
            "--builder",
            builderFlag(buildkit),
            "--forbid",
            "**/builder-secret.txt",
            "--format",
            "json");

    assertThat(scan.code()).isEqualTo(1);
    List<String> leaked = new ArrayList<>();
    for (JsonNode f : scan.json().path("findings")) {
      if (f.path("rule").asText().equals("builder-file")
          || f.path("rule").asText().equals("forbidden-file")) {
        f.path("evidence")
            .forEach(
                e ->
                    leaked.add(
                        f.path("rule").asText()
                            + " "
                            + e.path("path").asText()
                            + " "
                            + e.path("line").asInt()));
      }
    }
    assertThat(leaked)
        .contains(
            "forbidden-file /src/builder-secret.txt 2",
            "builder-file /src/builder-secret.txt 2",
            "builder-file /src/toolchain.bin 2",
            "builder-file /app.bin 3");
  }

  @ParameterizedTest(name = "buildkit={0}")
  @ValueSource(booleans = {true, false})
  void anImageVerifiedAgainstAnotherDockerfileFails(boolean buildkit) throws Exception {
    String[] built = build("other", SHIPPED, buildkit);
    Path other = dir.resolve("other-" + buildkit + ".Dockerfile");
    Files.writeString(other, NAMED);

    Run run = dmsb("verify", built[1], "-f", other.toString(), "--builder", builderFlag(buildkit));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("not from this Dockerfile's final stage", "foreign");
  }

  @ParameterizedTest(name = "buildkit={0}")
  @ValueSource(booleans = {true, false})
  void envLabelCmdWorkdirAreAttributedToTheirLines(boolean buildkit) throws Exception {
    String[] built = build("attrib", ATTRIB, buildkit, "--label", "com.example.api=yes");

    Run run =
        dmsb(
            "verify",
            built[1],
            "-f",
            built[0],
            "--builder",
            builderFlag(buildkit),
            "--expect-layers",
            // base 2, WORKDIR and COPY; Buildah's WORKDIR makes no layer
            TestEngine.isPodman() ? "3" : "4",
            "--format",
            "json");

    assertThat(run.code()).as(run.out()).isZero();
    List<String> attributed = new ArrayList<>();
    for (JsonNode row : run.json().path("rows")) {
      if (row.path("line").isInt()) {
        attributed.add(
            row.path("line").asInt() + " " + row.path("instruction").asText().split(" ")[0]);
      }
    }
    assertThat(attributed).containsExactly("5 WORKDIR", "6 ENV", "7 LABEL", "8 COPY", "9 CMD");
    JsonNode last = run.json().path("rows").get(run.json().path("rows").size() - 1);
    // the legacy builder writes API labels as history; BuildKit puts them in the config only
    assertThat(last.path("stage").asText()).isEqualTo(buildkit ? "stage-1" : "build label");
  }

  @Test
  void aMissingImageIsOneLineAndExitOne() {
    Run run = dmsb("verify", SUPPORT.imageName("verify-missing"));

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  static boolean registryRuns() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) new URL("http://127.0.0.1:5000/v2/").openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
