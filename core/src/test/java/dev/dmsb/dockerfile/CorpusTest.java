package dev.dmsb.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.graph.Edge;
import dev.dmsb.dockerfile.graph.EdgeKind;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.syntax.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dmsb's real-world corpus ({@code src/test/resources/corpus}, see its {@code manifest.txt}):
 * public Dockerfiles from many projects, each read without an internal error and without a parse
 * problem (they build), printed back byte for byte, and for a multi-stage file read into the stage
 * graph written in the manifest (stages and their bases, the {@code --from} edges, the stages the
 * default target builds).
 */
class CorpusTest {
  private static final Path ROOT = Path.of("src/test/resources/corpus");

  /** One manifest block. */
  record Entry(String file, Map<String, String> fields, List<String> graph) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<Entry> entries() throws IOException {
    List<Entry> out = new ArrayList<>();
    Entry cur = null;
    for (String line : Files.readAllLines(ROOT.resolve("manifest.txt"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(": ");
      String key = line.substring(0, colon);
      String value = line.substring(colon + 2).strip();
      if (key.equals("file")) {
        cur = new Entry(value, new LinkedHashMap<>(), new ArrayList<>());
        out.add(cur);
      } else if (key.equals("graph")) {
        cur.graph().add(value);
      } else {
        cur.fields().put(key, value);
      }
    }
    return out;
  }

  @Test
  void corpusIsLargeAndEveryFileHasItsSource() throws IOException {
    List<Entry> all = entries();
    assertThat(all).hasSizeGreaterThanOrEqualTo(60);
    assertThat(all.stream().map(e -> e.fields().get("repo")).distinct().count())
        .isGreaterThanOrEqualTo(20);
    for (Entry e : all) {
      assertThat(e.fields()).containsKeys("repo", "path", "commit", "licence");
      assertThat(e.fields().get("commit")).matches("[0-9a-f]{40}");
      assertThat(e.file()).isEqualTo(e.fields().get("repo") + "/" + e.fields().get("path"));
      assertThat(ROOT.resolve(e.file())).isRegularFile();
    }
    try (Stream<Path> files = Files.walk(ROOT)) {
      Set<String> listed = all.stream().map(Entry::file).collect(Collectors.toSet());
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(p -> ROOT.relativize(p).toString())
                  .filter(p -> !p.equals("manifest.txt")))
          .allMatch(listed::contains);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void readsLikeTheEngine(Entry e) throws IOException {
    String text = Files.readString(ROOT.resolve(e.file()), StandardCharsets.UTF_8);
    Dockerfile d = Dockerfile.parse(text);
    assertThat(d.tree().print()).isEqualTo(text);
    assertThat(d.problems()).extracting(Problem::message).isEmpty();
    LintResult lint = Linter.lint(e.file(), text, LintOptions.defaults());
    assertThat(lint.diagnostics())
        .extracting(Diagnostic::rule)
        .extracting(r -> r.id())
        .doesNotContain("InternalError");
    StageGraph g =
        StageGraph.of(
            d, new GraphOptions(Map.of("TARGETPLATFORM", "linux/amd64"), null, Semantics.BUILDKIT));
    if (g.stages().size() > 1) {
      assertThat(String.join("\n", graphLines(g))).isEqualTo(String.join("\n", e.graph()));
    } else {
      assertThat(e.graph()).isEmpty();
    }
  }

  static List<String> graphLines(StageGraph g) {
    List<String> out = new ArrayList<>();
    for (Stage s : g.stages()) {
      out.add("stage " + s.index() + " " + (s.name() == null ? "-" : s.name()) + " " + base(s));
    }
    for (Edge e : g.edges()) {
      if (e.kind() != EdgeKind.FROM && e.targetStage() >= 0) {
        String kind = e.kind() == EdgeKind.COPY_FROM ? "copy" : "mount";
        out.add("edge " + e.stage().index() + " " + kind + " " + e.targetStage());
      }
    }
    StringBuilder r = new StringBuilder("reachable");
    g.reachable().stream().map(Stage::index).sorted().forEach(i -> r.append(' ').append(i));
    out.add(r.toString());
    return out;
  }

  private static String base(Stage s) {
    StageRef b = s.base();
    if (b instanceof StageRef.ExternalImage i) {
      return "image:" + i.reference();
    }
    if (b instanceof StageRef.Scratch) {
      return "scratch";
    }
    if (b instanceof StageRef.Invalid inv) {
      return "invalid:" + inv.written();
    }
    return "stage:" + b.stageIndex().orElse(-1);
  }
}
