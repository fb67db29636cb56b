package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every command of the CLI, in-process ({@code CommandLine.execute} with captured writers), on the
 * seed's Dockerfiles and the real engine: exit codes, the shape of stdout and stderr, and JSON that
 * parses.
 */
@Tag(TestEngine.TAG)
class CliIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {}

  static Run dmsb(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String seed(String kind) {
    return Seed.CONTEXT.resolve(kind + ".Dockerfile").toString();
  }

  @Test
  void lint() throws Exception {
    Run clean = dmsb("lint", seed("named-stage"));
    assertThat(clean.exit()).as(clean.err()).isZero();
    assertThat(clean.err()).doesNotContain("Exception");

    Run json = dmsb("lint", "--format", "json", seed("index"));
    assertThat(json.exit()).isZero();
    assertThat(JSON.readTree(json.out()).isContainerNode()).isTrue();

    Path broken = Files.createTempFile("dmsb-cli-it", ".Dockerfile");
    try {
      Files.writeString(
          broken,
          "FROM dmsb/busybox:latest AS build\nFROM dmsb/busybox:latest\nCOPY --from=biuld /a /a\n");
      Run bad = dmsb("lint", broken.toString());
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.out() + bad.err()).contains(broken.getFileName() + ":3:");
      assertThat(bad.out() + bad.err()).contains("build");
    } finally {
      Files.delete(broken);
    }
    Run missing = dmsb("lint", "/no/such/Dockerfile");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip().lines()).hasSize(1);
  }

  @Test
  void graph() {
    Run dot = dmsb("graph", seed("stage-as-base"));
    assertThat(dot.exit()).as(dot.err()).isZero();
    assertThat(dot.out()).startsWith("digraph").contains("stage0").contains("stage1");
    Run mermaid = dmsb("graph", "--format", "mermaid", seed("named-stage"));
    assertThat(mermaid.exit()).isZero();
    assertThat(mermaid.out()).contains("stage0");
  }

  @Test
  void rewriteLeavesACanonicalFileByteForByte() throws Exception {
    Run r = dmsb("rewrite", seed("named-stage"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(Path.of(seed("named-stage"))));
  }

  @Test
  void buildThenVerifyWithBothBuilders() throws Exception {
    for (String builder : TestEngine.builderNames()) {
      String tag = SUPPORT.imageName("api-cli-" + builder);
      Run build =
          dmsb(
              "build",
              "-t",
              tag,
              "-f",
              seed("index"),
              "--builder",
              builder,
              "--progress",
              "plain",
              "--no-cache",
              Seed.CONTEXT.toString());
      assertThat(build.exit()).as(build.err()).isZero();
      assertThat(build.out().strip())
          .as("stdout is the image ID alone")
          .matches("sha256:[0-9a-f]{64}");
      assertThat(build.err()).doesNotContain("Exception");

      Run verify =
          dmsb("verify", tag, "-f", seed("index"), "--expect-layers", "3", "--builder", builder);
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
      assertThat(verify.out()).contains("History, oldest first:").contains("verify: passed");

      Run wrong = dmsb("verify", tag, "--expect-layers", "2");
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.out()).contains("FAIL layer-count").contains("verify: FAILED");

      Run json = dmsb("verify", tag, "-f", seed("index"), "--format", "json");
      assertThat(json.exit()).isZero();
      JsonNode report = JSON.readTree(json.out());
      assertThat(report.isObject()).isTrue();
      assertThat(json.out()).contains(build.out().strip());
    }
  }

  @Test
  void engineAndImageMistakesHaveTheirExitCodes() {
    Run missing = dmsb("verify", "dmsb-it/no-such-image:" + EngineSupport.RUN_ID);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).contains("not in the engine");

    Run down = dmsb("verify", "-H", "tcp://127.0.0.1:1", "dmsb/busybox:latest");
    assertThat(down.exit()).isEqualTo(3);
    assertThat(down.err()).doesNotContain("\tat ");

    Run usage = dmsb("verify", "--expect-layers", "many", "x");
    assertThat(usage.exit()).isEqualTo(2);
    Run noCommand = dmsb();
    assertThat(noCommand.exit()).isEqualTo(2);
  }
}
