package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.LayerVerdict;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.it.EngineSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Dockerfile with a name of its own, in a folder of its context: the API's assertion messages,
 * its history table and the CLI's report name it as the diagnostics do, and every line they cite is
 * the line of that instruction in the file.
 */
class DockerfileNameIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  private static final Path CONTEXT = Seed.locate("integration-tests/src/test/resources/leaky");
  private static final Path FILE = CONTEXT.resolve("docker/leaky.Dockerfile");

  @Test
  void theRealNameAndTheRightLinesEverywhere() throws Exception {
    List<String> lines = Files.readAllLines(FILE);
    int runLine = lineOf(lines, "RUN mkdir -p /toolchain");
    String tag = SUPPORT.imageName("api-leaky-name");
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      BuiltImage image =
          Dmsb.build(CONTEXT)
              .dockerfile(FILE)
              .tag(tag)
              .expect(VerifyExpectations.none())
              .engine(engine)
              .build();
      try {
        assertThat(image.imageName()).isEqualTo(tag);
        VerifyResult result = image.verification().orElseThrow();
        assertThat(result.dockerfile()).isEqualTo("docker/leaky.Dockerfile");
        assertThat(image.diagnostics())
            .allSatisfy(d -> assertThat(d.file()).isEqualTo("docker/leaky.Dockerfile"));
        assertThat(result.layers(LayerVerdict.SHIPPED))
            .extracting(h -> h.line())
            .containsExactly(runLine);
        assertThatThrownBy(() -> ImageAssertions.assertThat(image).keptOnlyFinalStage())
            .hasMessageContaining("builder docker/leaky.Dockerfile:" + runLine + " RUN mkdir")
            .hasMessageNotContaining(" Dockerfile:");
        assertThat(result.historyTable())
            .contains("docker/leaky.Dockerfile:" + runLine + "  RUN mkdir")
            .doesNotContain(" Dockerfile:");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit =
            DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("verify", image.id(), "-f", FILE.toString());
        String shown = FILE.toString().replace('\\', '/');
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
            .contains(shown + ":" + runLine + "  RUN mkdir")
            .doesNotContain(" Dockerfile:");

        // Diagnostics point into the same file: each file:line:col is where its text is.
        assertThat(image.diagnostics()).isNotEmpty();
        for (var d : image.diagnostics()) {
          String at = lines.get(d.line() - 1).substring(d.column() - 1);
          if (d.rule().equals("LatestTag")) {
            assertThat(at).as(d.toString()).startsWith("dmsb/busybox:latest");
          }
        }
        StringWriter lintOut = new StringWriter();
        DmsbCommand.commandLine(new PrintWriter(lintOut), new PrintWriter(new StringWriter()))
            .execute("lint", "-f", FILE.toString(), CONTEXT.toString());
        assertThat(lintOut.toString())
            .contains(
                shown + ":" + lineOf(lines, "FROM dmsb/busybox:latest") + ":6: info[LatestTag]");
      } finally {
        Leftovers.removeAndCheck(engine, image);
      }
    }
  }

  private static int lineOf(List<String> lines, String start) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i + 1;
      }
    }
    throw new AssertionError(start + " not in " + FILE);
  }
}
