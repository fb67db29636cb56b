package dev.dmsb.cli.cds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.cli.DmsbCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in engine the launcher trains its class-data archive against must carry a run all the
 * way, as a real engine would: else the archive misses what real runs load after connecting.
 */
class StandInEngineTest {
  @TempDir Path dir;
  StandInEngine engine;
  String host;
  Path context;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    Path socket = dir.resolve("engine.sock");
    engine = StandInEngine.start(socket);
    host = "unix://" + socket;
    context = Files.createDirectories(dir.resolve("context"));
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM dmsb/cds-training:1 AS build\nRUN true\nFROM scratch\n"
            + "COPY --from=build /bin/true /true\nCOPY file /file\nCMD [\"/true\"]\n");
    Files.writeString(context.resolve("file"), "training\n");
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  Run dmsb(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aBuildKitBuildPullsTheBaseAndEndsWithTheImageId() {
    Run r = dmsb("build", "--host", host, "--progress", "plain", "-t", "t:1", context.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(StandInEngine.IMAGE_ID);
    assertThat(r.err()).contains("RUN true").contains("training output");
  }

  @Test
  void aBuildPingsTheEngineOnceThoughItPingsWhileTheDockerfileIsChecked() {
    Run r = dmsb("build", "--host", host, "-q", context.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(engine.requests()).filteredOn(q -> q.equals("GET /_ping")).hasSize(1);
    // at the version the stand-in announced (Api-Version: 1.41)
    assertThat(engine.requests()).last().asString().startsWith("POST /v1.41/build?");
  }

  @Test
  void aLegacyBuildEndsWithTheImageId() {
    Run r = dmsb("build", "--host", host, "--builder", "legacy", "-q", context.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(StandInEngine.IMAGE_ID);
  }

  @Test
  void aVerifyReadsTheImageAndReports() {
    Run r =
        dmsb(
            "verify",
            "--host",
            host,
            "-f",
            context.resolve("Dockerfile").toString(),
            "--expect-layers",
            "2",
            "t:1");
    assertThat(r.exit()).as(r.out() + r.err()).isIn(0, 1);
    assertThat(r.out()).contains("t:1");
  }
}
