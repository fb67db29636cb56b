package dev.dmsb.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.build.ContextStats;
import dev.dmsb.engine.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final List<BuildProgress> EVENTS =
      List.of(
          new BuildProgress.Engine(
              new BuildEvent.Vertex("d1", "[builder 1/2] FROM x", true, null, null, null)),
          new BuildProgress.Engine(
              new BuildEvent.Vertex("d2", "[builder 2/2] RUN make", false, null, null, null)),
          new BuildProgress.Engine(
              new BuildEvent.Vertex("d2", "[builder 2/2] RUN make", false, T0, null, null)),
          new BuildProgress.Engine(
              new BuildEvent.VertexLog(
                  "d2", 1, "compiling\n\"quoted\"\n".getBytes(StandardCharsets.UTF_8))),
          new BuildProgress.Engine(
              new BuildEvent.Vertex(
                  "d2", "[builder 2/2] RUN make", false, T0, T0.plusMillis(1500), null)),
          new BuildProgress.Engine(new BuildEvent.Text("Step 1/2 : FROM x\n")),
          new BuildProgress.ContextSent(new ContextStats(3, 2048, 4096, 1 << 30), true));

  private static String render(ProgressRenderer.Mode mode) {
    StringWriter s = new StringWriter();
    ProgressRenderer r = mode.open(new PrintWriter(s), false);
    EVENTS.forEach(r);
    r.finish();
    return s.toString();
  }

  @Test
  void plainLooksLikeBuildkitPlainOutput() {
    String out = render(ProgressRenderer.Mode.PLAIN);
    assertThat(out)
        .contains("#1 [builder 1/2] FROM x\n#1 CACHED\n")
        .contains("#2 [builder 2/2] RUN make\n")
        .containsPattern("#2 \\d+\\.\\d{3} compiling\n")
        .contains("#2 DONE 1.5s\n")
        .contains("Step 1/2 : FROM x\n")
        .contains("context: sent 2.0 KiB of 1.0 GiB in 3 entries (pruned");
    // A vertex is announced once, when it starts.
    assertThat(out.split("RUN make", -1)).hasSize(2);
  }

  @Test
  void jsonIsOneObjectPerLine() {
    String out = render(ProgressRenderer.Mode.JSON);
    List<String> lines = out.lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"type\":").endsWith("}"));
    assertThat(out)
        .contains("\"data\":\"compiling\\n\\\"quoted\\\"\\n\"")
        .contains("\"completed\":\"2026-01-01T00:00:01.500Z\"")
        .contains("{\"type\":\"context\",\"entries\":3,\"fileBytes\":2048");
  }

  @Test
  void ttyRedrawsInPlace() {
    String out = render(ProgressRenderer.Mode.TTY);
    assertThat(out)
        .contains("\u001b[")
        .contains("[+] Building")
        .contains("RUN make  1.5s")
        .contains("CACHED");
  }

  @Test
  void ttyPrintsWhatCameAfterTheLastStepBelowTheFinalView() {
    StringWriter s = new StringWriter();
    ProgressRenderer r = ProgressRenderer.Mode.TTY.open(new PrintWriter(s), true);
    r.accept(new BuildProgress.ContextSent(new ContextStats(3, 2048, 4096, -1), false));
    r.accept(
        new BuildProgress.Engine(
            new BuildEvent.Vertex("d1", "[1/1] FROM x", false, T0, T0.plusMillis(100), null)));
    r.accept(new BuildProgress.Engine(new BuildEvent.Text("Successfully tagged app:1\n")));
    r.finish();
    String out = s.toString();
    assertThat(out).endsWith("Successfully tagged app:1\n");
    assertThat(out.indexOf("context: sent")).isLessThan(out.indexOf("[1/1] FROM x"));
    String finalView = out.substring(out.lastIndexOf("[+] Building"));
    assertThat(finalView).contains("[1/1] FROM x  0.1s").contains("Successfully tagged app:1");
    assertThat(out.split("Successfully tagged", -1)).hasSize(2);
  }

  @Test
  void autoIsPlainOffATerminal() {
    assertThat(ProgressRenderer.Mode.AUTO.open(new PrintWriter(new StringWriter()), false))
        .isInstanceOf(PlainProgress.class);
    assertThat(ProgressRenderer.Mode.AUTO.open(new PrintWriter(new StringWriter()), true))
        .isInstanceOf(TtyProgress.class);
  }
}
