package dev.dmsb.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.Copy;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.From;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Run;
import dev.dmsb.dockerfile.instruction.Text;
import dev.dmsb.dockerfile.syntax.DirectiveNode;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.Node;
import dev.dmsb.dockerfile.syntax.TriviaNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code src/test/resources/dockerfiles/<case>/Dockerfile} and its {@code
 * expected.txt} (nodes, instructions, stages, edges, lint verdicts under both builders). Every
 * fixture must print back byte for byte. Run with {@code -Ddmsb.golden.update=true} to rewrite the
 * expected files, then review the diff.
 */
class GoldenTest {
  private static final Path ROOT = Path.of("src/test/resources/dockerfiles");

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s
          .filter(p -> Files.exists(p.resolve("Dockerfile")))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void roundTripsByteForByte(String fixture) throws IOException {
    byte[] bytes = Files.readAllBytes(ROOT.resolve(fixture).resolve("Dockerfile"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(Dockerfile.parse(text).tree().print().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void matchesExpected(String fixture) throws IOException {
    Path dir = ROOT.resolve(fixture);
    String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    String actual = dump(text);
    Path expected = dir.resolve("expected.txt");
    if (Boolean.getBoolean("dmsb.golden.update")) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }

  static String dump(String text) {
    StringBuilder out = new StringBuilder();
    Dockerfile d = Dockerfile.parse(text);
    out.append("== nodes\n");
    for (Node n : d.tree().nodes()) {
      out.append(n.range()).append(' ');
      if (n instanceof DirectiveNode dn) {
        out.append("directive ").append(dn.key()).append('=').append(dn.value());
      } else if (n instanceof TriviaNode t) {
        out.append(t.kind().name().toLowerCase());
      } else if (n instanceof InstructionNode in) {
        out.append(in.keyword().text())
            .append(" flags=")
            .append(in.flags().stream().map(f -> f.name() + "=" + f.value()).toList())
            .append(" args=")
            .append(in.arguments().getClass().getSimpleName())
            .append(esc(argsText(in)))
            .append(" heredocs=")
            .append(
                in.heredocs().stream().map(h -> h.delimiter() + ":" + esc(h.content())).toList());
      }
      out.append('\n');
    }
    out.append("== instructions\n");
    for (Instruction i : d.instructions()) {
      out.append(i.line()).append(' ').append(describe(i)).append('\n');
    }
    StageGraph g = StageGraph.of(d, GraphOptions.defaults());
    out.append("== stages (buildkit)\n");
    for (Stage s : g.stages()) {
      out.append(s.index())
          .append(' ')
          .append(s.displayName())
          .append(" base=")
          .append(s.base())
          .append(" platform=")
          .append(s.platform())
          .append(g.isReachable(s) ? " reachable" : " unreachable")
          .append('\n');
    }
    out.append("build order ").append(g.buildOrder().stream().map(Stage::displayName).toList());
    out.append("\ncontext ")
        .append(g.contextSources().sources().stream().map(c -> c.pattern()).toList());
    out.append(g.contextSources().bounded() ? " bounded\n" : " unbounded\n");
    out.append("== edges\n");
    for (Edge e : g.edges()) {
      out.append(e.range().start())
          .append(' ')
          .append(e.kind())
          .append(' ')
          .append(e.stage().displayName())
          .append(" -> ")
          .append(e.target())
          .append('\n');
    }
    for (Semantics sem : Semantics.values()) {
      out.append("== lint ").append(sem.name().toLowerCase()).append('\n');
      LintResult r =
          Linter.lint("Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), null, sem)));
      for (Diagnostic x : r.diagnostics()) {
        out.append(x.location())
            .append(' ')
            .append(x.severity().label())
            .append('[')
            .append(x.ruleId())
            .append("] ")
            .append(x.message())
            .append(x.suggestion() == null ? "" : " | help: " + x.suggestion())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String argsText(InstructionNode in) {
    return in.arguments() instanceof dev.dmsb.dockerfile.syntax.Arguments.Json j
        ? j.values().toString()
        : "[" + ((dev.dmsb.dockerfile.syntax.Arguments.Shell) in.arguments()).text() + "]";
  }

  private static String describe(Instruction i) {
    if (i instanceof From f) {
      return "From image="
          + v(f.image())
          + " name="
          + v(f.stageName())
          + " platform="
          + v(f.platform());
    }
    if (i instanceof Copy c) {
      return "Copy from="
          + v(c.from())
          + " sources="
          + c.sources().stream().map(Text::value).toList()
          + " dest="
          + v(c.destination())
          + " link="
          + c.link();
    }
    if (i instanceof Run r) {
      return "Run mounts="
          + r.mounts().stream()
              .map(m -> m.type() + "/" + v(m.from()) + "/" + m.source() + "/" + m.target())
              .toList()
          + " heredocs="
          + r.heredocs().size();
    }
    if (i instanceof Arg a) {
      return "Arg "
          + a.declarations().stream().map(x -> x.name() + "=" + x.defaultValue()).toList();
    }
    return i.getClass().getSimpleName() + " " + esc(argsText(i.node()));
  }

  private static String v(Text t) {
    return t == null ? "-" : t.value() + "@" + t.range().start();
  }

  private static String esc(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }
}
