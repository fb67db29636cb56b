package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
  @TempDir Path dir;

  static final String FILE =
      "FROM dmsb/busybox:1.36 AS build\n"
          + "FROM scratch AS unused\n"
          + "FROM build AS app\n"
          + "COPY --from=build /x /x\n"
          + "RUN --mount=from=build,target=/b ls\n"
          + "COPY --from=$X /y /y\n";

  String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void dot() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), FILE);
    String[] r = run("graph", dir.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .isEqualTo(
            "digraph dockerfile {\n"
                + "  rankdir=LR;\n"
                + "  s0 [label=\"build (stage 0, line 1)\", shape=box];\n"
                + "  s1 [label=\"unused (stage 1, line 2) [not built]\", shape=box, style=dashed,"
                + " color=gray, fontcolor=gray];\n"
                + "  s2 [label=\"app (stage 2, line 3) [target]\", shape=box, style=bold,"
                + " peripheries=2];\n"
                + "  i0 [label=\"dmsb/busybox:1.36\", shape=ellipse];\n"
                + "  i1 [label=\"scratch\", shape=plaintext];\n"
                + "  i2 [label=\"$X (invalid)\", shape=octagon, color=red];\n"
                + "  i0 -> s0 [label=\"FROM\"];\n"
                + "  i1 -> s1 [label=\"FROM\"];\n"
                + "  s0 -> s2 [label=\"FROM\"];\n"
                + "  s0 -> s2 [label=\"COPY --from\"];\n"
                + "  s0 -> s2 [label=\"mount\"];\n"
                + "  i2 -> s2 [label=\"COPY --from\"];\n"
                + "}\n");
  }

  @Test
  void mermaidWithTarget() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), FILE);
    String[] r = run("graph", "--format", "mermaid", "--target", "unused", dir.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .isEqualTo(
            "flowchart LR\n"
                + "  s0[\"build (stage 0, line 1) [not built]\"]\n"
                + "  s1[\"unused (stage 1, line 2) [target]\"]\n"
                + "  s2[\"app (stage 2, line 3) [not built]\"]\n"
                + "  i0([\"dmsb/busybox:1.36\"])\n"
                + "  i1>\"scratch\"]\n"
                + "  i2{{\"$X (invalid)\"}}\n"
                + "  i0 -->|\"FROM\"| s0\n"
                + "  i1 -->|\"FROM\"| s1\n"
                + "  s0 -->|\"FROM\"| s2\n"
                + "  s0 -->|\"COPY --from\"| s2\n"
                + "  s0 -->|\"mount\"| s2\n"
                + "  i2 -->|\"COPY --from\"| s2\n"
                + "  classDef target stroke-width:4px\n"
                + "  classDef unreachable stroke-dasharray:5 5,color:#888\n"
                + "  classDef invalid stroke:#d00\n"
                + "  class s1 target\n"
                + "  class s0,s2 unreachable\n"
                + "  class i2 invalid\n");
  }

  @Test
  void unknownTargetAndMissingFile() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), FILE);
    String[] r = run("graph", "--target", "nope", dir.toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).isEqualTo("dmsb: target stage \"nope\" could not be found\n");
    assertThat(run("graph", dir.resolve("missing").toString())[0]).isEqualTo("2");
  }
}
